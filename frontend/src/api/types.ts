// Shapes of the platform's JSON API and of the progress WebSocket's events, as the app names them.
//
// The API's shapes come from its OpenAPI schema: schema.d.ts is generated from it by
// scripts/api_types.sh (`make api-types`), is never edited by hand, and CI fails when it is stale.
// This file only names them, and narrows the fields the schema types as a plain string (or not
// at all) to the values the server sends. What the schema does not describe is written here:
// the value lists it does not enumerate and the WebSocket events (not part of the HTTP API).
import type { components } from './schema';

type Schemas = components['schemas'];

/** T with the fields of U in place of its own: the schema's type with some fields narrowed. */
type Narrowed<T, U> = Omit<T, keyof U> & U;
/** T with the fields K optional: fields the app does without (it never reads them, or reads
 * them with a fallback), which test data may therefore leave out. */
type WithOptional<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;

// ── Value lists ───────────────────────────────────────────────────────────────────────────────
// In display order. Where the schema enumerates the values, the list is checked against its
// enum (listOf); where it types the field as a plain string, this is the one copy, and the
// server's is named beside it.

type Missing<E, L extends readonly unknown[]> = Exclude<E, L[number]>;
/** The values of the union E as a list in the order given: a value left out, or one not in E,
 * fails to compile (the error names it). */
const listOf =
  <E extends string>() =>
  <const L extends readonly E[]>(list: L & ([Missing<E, L>] extends [never] ? unknown : { missing: Missing<E, L> })): L =>
    list;

/** Not enumerated by the schema (scores are keyed by name); the server's list is DIMENSIONS in
 * analysis_app/engine/scoring/rubric.py. */
export const DIMENSIONS = [
  'confidence',
  'fluency',
  'vocal_expressiveness',
  'eye_contact',
  'composure',
  'engagement',
  'positivity',
  'relevance',
  'structure',
  'clarity',
] as const;

export type Dimension = (typeof DIMENSIONS)[number];
export type ScoreName = Dimension | 'overall';

export type StageName = Schemas['StageEnum'];
export type StageStatus = Schemas['StatusEnum'];
export const STAGES = listOf<StageName>()(['media', 'speech', 'audio', 'video', 'text', 'scoring']);

/** Typed as a string by the schema; the server's are sessions_app/models.py (AnalysisStatus,
 * the session's and the upload's states). */
export type AnalysisStatus = 'not_started' | 'queued' | 'running' | 'completed' | 'partial' | 'failed';
export type SessionStatus = 'draft' | 'in_progress' | 'completed';
export type UploadStatus = 'none' | 'uploading' | 'complete';

// ── From the schema ──────────────────────────────────────────────────────────────────────────

export type Difficulty = Schemas['DifficultyEnum'];
export type User = Schemas['UserOutput'];
/** POST /api/auth/password/: every API token is revoked with the old password. */
export type PasswordChangeResult = Schemas['PasswordChangeOutput'];
export type Role = Schemas['RoleListOutput'];
export type Question = WithOptional<Schemas['QuestionOutput'], 'key_points_origin'>;
/** GET /api/answers/<id>/follow-ups/next/: the follow-up an answer offers, nothing added;
 * `question` is the session's question once taking it up added it (earlier), else null. */
export type FollowUpPreview = Narrowed<Schemas['FollowUpNextOutput'], { question: Question | null }>;
export type GeneratedQuestions = Narrowed<Schemas['GeneratedSetOutput'], { questions: Question[] }>;

export type StageRun = Narrowed<
  WithOptional<Schemas['StageRunOutput'], 'queued_at' | 'started_at' | 'finished_at' | 'duration_s'>,
  { stage: StageName; status: StageStatus }
>;
export type UploadState = Narrowed<Schemas['UploadOutput'], { state: UploadStatus }>;

export type Answer = Narrowed<
  WithOptional<Schemas['AnswerOutput'], 'recording_expired_at'>,
  { analysis_status: AnalysisStatus; stages: StageRun[]; upload: UploadState; media_info: Record<string, unknown> | null }
>;

/** One page of a list (`?limit=&offset=`): the API paginates every list that grows with use
 * (every Paginated...List of the schema has this shape). */
export type Page<T> = Narrowed<Schemas['PaginatedSessionOutputList'], { results: T[] }>;

export type SessionSummary = Narrowed<Schemas['SessionOutput'], { difficulty: Difficulty; status: SessionStatus }>;
export type SessionDetail = Narrowed<
  Schemas['SessionDetailOutput'],
  { difficulty: Difficulty; status: SessionStatus; questions: Question[]; answers: Answer[] }
>;

/** One recording (take) of a question; at most one take per question counts in means and trends. */
export type AnswerTake = Narrowed<Schemas['AnswerTake'], { analysis_status: AnalysisStatus }>;
export type KeyPoint = Schemas['KeyPoint'];
export type KeyPointCoverage = Schemas['KeyPointCoverage'];
export type CoachRating = Schemas['CoachRating'];
/** Coaches' review of an answer: only ever sent to the answer's owner. */
export type CoachReview = Narrowed<Schemas['CoachReview'], { ratings: Partial<Record<Dimension, CoachRating>> }>;

/** One read-only link to an answer's report, as its owner lists it (never its token). */
export type ReportShare = Schemas['ReportShareOutput'];
/** A link just made: its URL, with the token, is sent this once. */
export type ReportShareCreated = Schemas['ReportShareCreated'];

export type Resume = Schemas['ResumeOutput'];
export type ParsedResume = Resume['parsed'];

// The report's parts, as the server's typed report models describe them (analysis_app/engine
// typed_json; interview_project/typed_json_field.py puts them in the schema).
export type TimePoint = Schemas['TimePoint'];
export type TranscriptWord = Schemas['Word'];
/** A filler, hedge or restart: `text` holds its words, normalised ("you know"), one per
 * transcript word from `word_index` on (the index, not the timings, says which words to mark:
 * Whisper gives some words, "Um,", no duration). */
export type TranscriptMarker = Schemas['Marker'];
export type Contribution = Schemas['Contribution'];
/** A feature in people's words, from the server's one labels table. */
export type FeatureLabel = Schemas['FeatureLabel'];
export type Trend = 'improving' | 'declining' | 'steady' | null;
/** A dimension across a session's counted takes. */
export type DimensionSummary = Narrowed<Schemas['DimensionTrend'], { trend: Trend }>;

/** The schema keys scores by any string; these are the names the server uses. */
export type Scores = Partial<Record<ScoreName, number | null>>;
type ByScoreName = {
  scores: Scores;
  missing: Partial<Record<ScoreName, string>>;
  notes: Partial<Record<ScoreName, string>>;
  explanations: Partial<Record<ScoreName, Contribution[]>>;
  baselines: Partial<Record<ScoreName, number | null>>;
};

/** Results are empty ({} or []) while the analysis runs; a missing modality leaves its parts empty. */
export type AnswerReport = Narrowed<
  WithOptional<Schemas['AnswerReportOutput'], 'recording_expired_at' | 'modalities' | 'rubric_version' | 'feature_labels' | 'notes'>,
  ByScoreName & { analysis_status: AnalysisStatus; stages: StageRun[]; takes: AnswerTake[] }
>;

/** What a link's reader sees: the analysis, without the recording, reviews or ids. */
export type SharedAnswerReport = Narrowed<
  WithOptional<Schemas['SharedReportOutput'], 'modalities' | 'rubric_version' | 'feature_labels' | 'notes'>,
  ByScoreName & { analysis_status: AnalysisStatus }
>;

export type SessionReportAnswer = Narrowed<Schemas['SessionAnswerTake'], { analysis_status: AnalysisStatus; scores: Scores }>;

export type SessionReport = Narrowed<
  WithOptional<Schemas['SessionReportOutput'], 'focus'>,
  { answers: SessionReportAnswer[]; dimensions: Partial<Record<Dimension, DimensionSummary>> }
>;

export type ProgressEntry = Narrowed<Schemas['ProgressPoint'], { scores: Scores }>;

// Request bodies and small answers.
export type CsrfAnswer = Schemas['CsrfOutput'];
export type SignUpInput = Schemas['SignupInputRequest'];
export type Credentials = Schemas['CredentialsRequest'];
export type PasswordChangeInput = Schemas['PasswordChangeInputRequest'];
/** `role` is a value from GET /api/roles/, which the schema types as a string. */
export type SessionInput = Narrowed<Schemas['SessionCreateInputRequest'], { role?: string }>;
export type QuestionGenerateInput = Schemas['QuestionGenerateInputRequest'];
export type QuestionUpdateInput = Schemas['QuestionUpdateInputRequest'];
export type AnswerCreateInput = Schemas['AnswerCreateInputRequest'];
export type FollowUpCreateInput = Schemas['FollowUpCreateInputRequest'];
export type UploadStartInput = Schemas['UploadStartInputRequest'];

// ── Progress WebSocket: ws/sessions/<session id>/ (not part of the OpenAPI schema) ───────────

export interface SnapshotEvent {
  type: 'snapshot';
  session_id: string;
  answers: {
    answer_id: string;
    analysis_status: AnalysisStatus;
    stages: Partial<Record<StageName, StageStatus>>;
  }[];
}

export interface StageEvent {
  type: 'stage';
  session_id: string;
  answer_id: string;
  stage: StageName;
  status: StageStatus;
  attempt: number;
  error: string;
  at: string;
}

export interface AnswerResultEvent {
  type: 'answer.result';
  session_id: string;
  answer_id: string;
  analysis_status: AnalysisStatus;
  error: string;
  stages: Partial<Record<StageName, StageStatus>>;
}

export type ProgressEvent = SnapshotEvent | StageEvent | AnswerResultEvent;
