// Typed calls, one per API operation the web client uses, on the schema's paths (route()).
import { request } from './client';
import { getPath, route } from './paths';
import type {
  Answer,
  AnswerCreateInput,
  AnswerReport,
  Credentials,
  CsrfAnswer,
  FollowUpCreateInput,
  FollowUpPreview,
  GeneratedQuestions,
  Page,
  PasswordChangeInput,
  PasswordChangeResult,
  ProgressEntry,
  Question,
  QuestionGenerateInput,
  QuestionUpdateInput,
  ReportShare,
  ReportShareCreated,
  Resume,
  Role,
  SessionDetail,
  SessionInput,
  SessionReport,
  SessionSummary,
  SharedAnswerReport,
  SignUpInput,
  UploadStartInput,
  UploadState,
  User,
} from './types';

/** `next` is an absolute URL on this origin; the client speaks same-origin paths. */
function samePath(link: string): string {
  const url = new URL(link, window.location.origin);
  return `${url.pathname}${url.search}`;
}

/** Pages through a paginated list (following each page's `next` link) and returns every item:
 * the dashboard charts and lists all of a user's sessions. Stops after `maxPages` pages. */
export async function allPages<T>(path: string, maxPages = 100): Promise<T[]> {
  const items: T[] = [];
  let next: string | null = path;
  for (let pages = 0; next !== null && pages < maxPages; pages += 1) {
    const page: Page<T> = await request<Page<T>>('GET', next);
    items.push(...page.results);
    next = page.next ? samePath(page.next) : null;
  }
  return items;
}

export const auth = {
  csrf: () => request<CsrfAnswer>(...route('GET', '/api/auth/csrf/')),
  me: () => request<User>(...route('GET', '/api/auth/me/'), { quietUnauthenticated: true }),
  signUp: (body: SignUpInput) => request<User>(...route('POST', '/api/auth/signup/'), { body }),
  signIn: (body: Credentials) => request<User>(...route('POST', '/api/auth/login/'), { body, quietUnauthenticated: true }),
  signOut: () => request<void>(...route('POST', '/api/auth/logout/'), { quietUnauthenticated: true }),
  deleteMyData: () => request<void>(...route('DELETE', '/api/auth/me/')),
  changePassword: (body: PasswordChangeInput) =>
    request<PasswordChangeResult>(...route('POST', '/api/auth/password/'), { body }),
};

export const catalogue = {
  roles: () => request<Role[]>(...route('GET', '/api/roles/')),
};

export const resumes = {
  upload: (file: File) => {
    const form = new FormData();
    form.append('file', file);
    return request<Resume>(...route('POST', '/api/resumes/upload/'), { body: form });
  },
};

export const sessions = {
  list: () => allPages<SessionSummary>(getPath('/api/sessions/')),
  create: (body: SessionInput) => request<SessionDetail>(...route('POST', '/api/sessions/create/'), { body }),
  get: (id: string) => request<SessionDetail>(...route('GET', '/api/sessions/{session_id}/', { session_id: id })),
  remove: (id: string) => request<void>(...route('DELETE', '/api/sessions/{session_id}/delete/', { session_id: id })),
  generateQuestions: (id: string, body: QuestionGenerateInput) =>
    request<GeneratedQuestions>(...route('POST', '/api/sessions/{session_id}/questions/generate/', { session_id: id }), {
      body,
    }),
  updateQuestion: (id: string, questionId: number, text: string) =>
    request<Question>(
      ...route('POST', '/api/sessions/{session_id}/questions/{question_id}/update/', { session_id: id, question_id: questionId }),
      { body: { text } satisfies QuestionUpdateInput },
    ),
  swapQuestion: (id: string, questionId: number) =>
    request<Question>(
      ...route('POST', '/api/sessions/{session_id}/questions/{question_id}/swap/', { session_id: id, question_id: questionId }),
    ),
  createAnswer: (id: string, questionId: number) =>
    request<Answer>(...route('POST', '/api/sessions/{session_id}/answers/create/', { session_id: id }), {
      body: { question_id: questionId } satisfies AnswerCreateInput,
    }),
  report: (id: string) => request<SessionReport>(...route('GET', '/api/sessions/{session_id}/report/', { session_id: id })),
};

export const answers = {
  report: (id: string) => request<AnswerReport>(...route('GET', '/api/answers/{answer_id}/report/', { answer_id: id })),
  /** The follow-up the answer offers, read without adding it; undefined (204) when it has none. */
  followUpPreview: (id: string) =>
    request<FollowUpPreview | undefined>(...route('GET', '/api/answers/{answer_id}/follow-ups/next/', { answer_id: id })),
  /** The answer's follow-up questions, added to its session on the first call (once per answer). */
  followUps: (id: string, limit = 1) =>
    request<GeneratedQuestions>(...route('POST', '/api/answers/{answer_id}/follow-ups/', { answer_id: id }), {
      body: { limit } satisfies FollowUpCreateInput,
    }),
  recordingUrl: (id: string) => getPath('/api/answers/{answer_id}/recording/', { answer_id: id }),
  shares: (id: string) => allPages<ReportShare>(getPath('/api/answers/{answer_id}/shares/', { answer_id: id })),
  createShare: (id: string) =>
    request<ReportShareCreated>(...route('POST', '/api/answers/{answer_id}/shares/create/', { answer_id: id })),
  revokeShare: (id: string, shareId: number) =>
    request<void>(...route('DELETE', '/api/answers/{answer_id}/shares/{share_id}/', { answer_id: id, share_id: shareId })),
};

/** A report read through a share link: public, no sign-in. */
export const shared = {
  report: (token: string) =>
    request<SharedAnswerReport>(...route('GET', '/api/shared/{token}/report/', { token }), { quietUnauthenticated: true }),
};

export const uploads = {
  start: (answerId: string, body: UploadStartInput) =>
    request<UploadState>(...route('POST', '/api/answers/{answer_id}/upload/start/', { answer_id: answerId }), { body }),
  status: (answerId: string, signal?: AbortSignal) =>
    request<UploadState>(...route('GET', '/api/answers/{answer_id}/upload/', { answer_id: answerId }), { signal }),
  chunk: (answerId: string, data: Blob, offset: number, signal?: AbortSignal) =>
    request<UploadState>(...route('PUT', '/api/answers/{answer_id}/upload/chunk/', { answer_id: answerId }), {
      body: data,
      headers: { 'Content-Type': 'application/octet-stream', 'Upload-Offset': String(offset) },
      signal,
    }),
  finish: (answerId: string, signal?: AbortSignal) =>
    request<Answer>(...route('POST', '/api/answers/{answer_id}/upload/finish/', { answer_id: answerId }), { signal }),
};

export const progress = {
  list: () => allPages<ProgressEntry>(getPath('/api/progress/')),
};
