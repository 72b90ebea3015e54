// Shapes of the platform's JSON API and of the progress WebSocket's events, as the app names them.
//
// The API's shapes come from its OpenAPI schema: schema.d.ts is generated from it by
// scripts/api_types.sh (`make api-types`), is never edited by hand, and CI fails when it is stale.
// This file only names them, and narrows the fields the schema types as a plain string (or not
// at all) to the values the server sends. What the schema does not describe is written here:
// the value lists it does not enumerate, the report contents (one marked section, until the
// schema types them), and the WebSocket events (not part of the HTTP API).
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

export type Resume = Narrowed<Schemas['ResumeOutput'], { parsed: ParsedResume }>;

/** Results are empty ({} or []) while the analysis runs; a missing modality leaves its parts empty. */
export type AnswerReport = Narrowed<
  WithOptional<Schemas['AnswerReportOutput'], 'recording_expired_at' | 'modalities' | 'rubric_version'>,
  AnswerReportContents & { analysis_status: AnalysisStatus; stages: StageRun[]; takes: AnswerTake[] }
>;

/** What a link's reader sees: the analysis, without the recording, reviews or ids. */
export type SharedAnswerReport = Narrowed<
  WithOptional<Schemas['SharedReportOutput'], 'modalities' | 'rubric_version'>,
  Omit<AnswerReportContents, 'question' | 'media'> & {
    analysis_status: AnalysisStatus;
    key_points: KeyPointCoverage;
    question: { text: string; category: string };
  }
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

// ── Report contents, written by hand until the schema types them ─────────────────────────────
// These override the report fields the schema typed as free JSON. Once the server's typed report
// models are in the schema, regenerate schema.d.ts, take these fields' types from it in the
// types above (AnswerReport, SharedAnswerReport, SessionReport, ProgressEntry, Resume), and
// delete what is left of this section.

export type Scores = Partial<Record<ScoreName, number | null>>;
export type Trend = 'improving' | 'declining' | 'steady' | null;

/** A dimension across a session's counted takes. */
export interface DimensionSummary {
  mean: number | null;
  trend: Trend;
}

export interface ResumeExperience {
  title: string;
  employer: string;
  start: string | null;
  end: string | null;
}

export interface ParsedResume {
  skills?: string[];
  experiences?: ResumeExperience[];
  years_of_experience?: number | null;
}

export interface TimePoint {
  t: number;
  value: number;
}

export interface TranscriptWord {
  word: string;
  start: number;
  end: number;
  probability: number;
}

/**
 * A filler, hedge or restart as the engine found it (analysis_app/engine/language.py `Marker`).
 * `text` holds its words, normalised ("you know"), one per transcript word from `word_index`
 * on: the index, not the timings, says which words to mark, as Whisper gives some words
 * ("Um,") no duration. `word_index` is optional only to stay safe on reports without it.
 */
export interface TranscriptMarker {
  kind?: string;
  text: string;
  start: number;
  end: number;
  word_index?: number;
}

export interface Contribution {
  feature: string;
  value: number | null;
  contribution: number;
}

/** A feature in people's words, from the server's one labels table. */
export interface FeatureLabel {
  /** Its name in words: "Pitch variation". */
  label: string;
  /** What its number counts: "semitones", "%". */
  unit: string;
  /** This answer's value in words with its unit: "82% of frames", "not measured". */
  shown: string;
}

/** The free-JSON fields of an answer's report (AnswerReportOutput). */
interface AnswerReportContents {
  question: { id: number; text: string; category: string; key_points: string[] };
  media: { duration_s?: number | null; has_audio?: boolean; has_video?: boolean };
  transcript: { text: string; words: TranscriptWord[] };
  features: Record<string, number | null>;
  /** {feature: {label, unit, shown}} for every feature in `features` and `explanations`;
   * absent or partial on older reports, where the local labels stand in. */
  feature_labels?: Record<string, FeatureLabel>;
  timelines: Partial<Record<'pace_wpm' | 'pitch_hz' | 'loudness_db' | 'eye_contact', TimePoint[]>>;
  markers: {
    fillers: (TranscriptMarker & { word: string })[];
    hedges: TranscriptMarker[];
    restarts: TranscriptMarker[];
    long_pauses: { start: number; end: number }[];
  };
  scores: Scores;
  missing: Partial<Record<ScoreName, string>>;
  /** A caveat on a score that exists (e.g. measured on part of the answer only). */
  notes?: Partial<Record<ScoreName, string>>;
  explanations: Partial<Record<ScoreName, Contribution[]>>;
  baselines: Partial<Record<ScoreName, number | null>>;
  feedback: { summary?: string; strengths?: string[]; improvements?: string[] };
}

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
