// Typed calls, one per API operation the web client uses.
import { request } from './client';
import type {
  Answer,
  AnswerReport,
  Difficulty,
  FollowUpPreview,
  GeneratedQuestions,
  Page,
  PasswordChangeResult,
  ProgressEntry,
  Question,
  ReportShare,
  ReportShareCreated,
  Resume,
  Role,
  SessionDetail,
  SessionReport,
  SessionSummary,
  SharedAnswerReport,
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
    next = page.next === null ? null : samePath(page.next);
  }
  return items;
}

export interface SessionInput {
  target_role: string;
  difficulty: Difficulty;
  role?: string;
  resume_id?: string | null;
}

export const auth = {
  csrf: () => request<{ csrf_token: string; signed_in?: boolean }>('GET', '/api/auth/csrf/'),
  me: () => request<User>('GET', '/api/auth/me/', { quietUnauthenticated: true }),
  signUp: (body: { username: string; email: string; password: string }) =>
    request<User>('POST', '/api/auth/signup/', { body }),
  signIn: (body: { username: string; password: string }) =>
    request<User>('POST', '/api/auth/login/', { body, quietUnauthenticated: true }),
  signOut: () => request<void>('POST', '/api/auth/logout/', { quietUnauthenticated: true }),
  deleteMyData: () => request<void>('DELETE', '/api/auth/me/'),
  changePassword: (body: { current_password: string; new_password: string }) =>
    request<PasswordChangeResult>('POST', '/api/auth/password/', { body }),
};

export const catalogue = {
  roles: () => request<Role[]>('GET', '/api/roles/'),
};

export const resumes = {
  upload: (file: File) => {
    const form = new FormData();
    form.append('file', file);
    return request<Resume>('POST', '/api/resumes/upload/', { body: form });
  },
};

export const sessions = {
  list: () => allPages<SessionSummary>('/api/sessions/'),
  create: (body: SessionInput) => request<SessionDetail>('POST', '/api/sessions/create/', { body }),
  get: (id: string) => request<SessionDetail>('GET', `/api/sessions/${id}/`),
  remove: (id: string) => request<void>('DELETE', `/api/sessions/${id}/delete/`),
  generateQuestions: (id: string, body: { count: number; resume_id?: string | null }) =>
    request<GeneratedQuestions>('POST', `/api/sessions/${id}/questions/generate/`, { body }),
  updateQuestion: (id: string, questionId: number, text: string) =>
    request<Question>('POST', `/api/sessions/${id}/questions/${questionId}/update/`, { body: { text } }),
  swapQuestion: (id: string, questionId: number) =>
    request<Question>('POST', `/api/sessions/${id}/questions/${questionId}/swap/`),
  createAnswer: (id: string, questionId: number) =>
    request<Answer>('POST', `/api/sessions/${id}/answers/create/`, { body: { question_id: questionId } }),
  report: (id: string) => request<SessionReport>('GET', `/api/sessions/${id}/report/`),
};

export const answers = {
  report: (id: string) => request<AnswerReport>('GET', `/api/answers/${id}/report/`),
  /** The follow-up the answer offers, read without adding it; undefined (204) when it has none. */
  followUpPreview: (id: string) => request<FollowUpPreview | undefined>('GET', `/api/answers/${id}/follow-ups/next/`),
  /** The answer's follow-up questions, added to its session on the first call (once per answer). */
  followUps: (id: string, limit = 1) =>
    request<GeneratedQuestions>('POST', `/api/answers/${id}/follow-ups/`, { body: { limit } }),
  recordingUrl: (id: string) => `/api/answers/${id}/recording/`,
  shares: (id: string) => allPages<ReportShare>(`/api/answers/${id}/shares/`),
  createShare: (id: string) => request<ReportShareCreated>('POST', `/api/answers/${id}/shares/`),
  revokeShare: (id: string, shareId: number) => request<void>('DELETE', `/api/answers/${id}/shares/${shareId}/`),
};

/** A report read through a share link: public, no sign-in. */
export const shared = {
  report: (token: string) =>
    request<SharedAnswerReport>('GET', `/api/shared/${encodeURIComponent(token)}/report/`, { quietUnauthenticated: true }),
};

export const uploads = {
  start: (answerId: string, body: { filename: string; size: number; content_type: string }) =>
    request<UploadState>('POST', `/api/answers/${answerId}/upload/start/`, { body }),
  status: (answerId: string, signal?: AbortSignal) =>
    request<UploadState>('GET', `/api/answers/${answerId}/upload/`, { signal }),
  chunk: (answerId: string, data: Blob, offset: number, signal?: AbortSignal) =>
    request<UploadState>('PUT', `/api/answers/${answerId}/upload/chunk/`, {
      body: data,
      headers: { 'Content-Type': 'application/octet-stream', 'Upload-Offset': String(offset) },
      signal,
    }),
  finish: (answerId: string, signal?: AbortSignal) =>
    request<Answer>('POST', `/api/answers/${answerId}/upload/finish/`, { signal }),
};

export const progress = {
  list: () => allPages<ProgressEntry>('/api/progress/'),
};
