// Shapes of the platform's JSON API (see /api/schema/) and of the progress WebSocket events.

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
export type Scores = Partial<Record<ScoreName, number | null>>;

export const STAGES = ['media', 'speech', 'audio', 'video', 'text', 'scoring'] as const;
export type StageName = (typeof STAGES)[number];
export type StageStatus = 'pending' | 'queued' | 'started' | 'finished' | 'failed' | 'skipped';

export type AnalysisStatus =
  | 'not_started'
  | 'queued'
  | 'running'
  | 'completed'
  | 'partial'
  | 'failed';

export type Difficulty = 'easy' | 'medium' | 'hard';

export interface User {
  id: number;
  username: string;
  email: string;
  is_staff: boolean;
  is_reviewer: boolean;
}

/** POST /api/auth/password/: every API token is revoked with the old password. */
export interface PasswordChangeResult {
  tokens_revoked: number;
}

export interface Role {
  value: string;
  label: string;
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

export interface Resume {
  id: string;
  original_name: string;
  size: number;
  source_format: string;
  parsed: ParsedResume;
  created_at: string;
}

export interface Question {
  id: number;
  order: number;
  text: string;
  category: string;
  key_points: string[];
  source: string;
  skills: string[];
}

export interface StageRun {
  stage: StageName;
  status: StageStatus;
  attempt: number;
  error: string;
  queued_at?: string | null;
  started_at?: string | null;
  finished_at?: string | null;
  duration_s?: number | null;
}

export interface UploadState {
  state: 'none' | 'uploading' | 'complete';
  filename: string;
  size: number;
  offset: number;
}

export interface Answer {
  id: string;
  session_id: string;
  question_id: number;
  order: number;
  upload: UploadState;
  media_info: Record<string, unknown> | null;
  analysis_status: AnalysisStatus;
  analysis_error: string;
  stages: StageRun[];
  created_at: string;
}

/** One page of a list (`?limit=&offset=`): the API paginates every list that grows with use. */
export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

export interface SessionSummary {
  id: string;
  owner: string;
  target_role: string;
  role: string;
  difficulty: Difficulty;
  resume_id: string | null;
  status: 'draft' | 'in_progress' | 'completed';
  created_at: string;
  updated_at: string;
  started_at: string | null;
  completed_at: string | null;
}

export interface SessionDetail extends SessionSummary {
  questions: Question[];
  answers: Answer[];
}

/** GET /api/answers/<id>/follow-ups/next/: the follow-up an answer offers, nothing added. */
export interface FollowUpPreview {
  text: string;
  category: string;
  key_points: string[];
  /** The session's question once taking it up added it (earlier), else null. */
  question: Question | null;
}

export interface GeneratedQuestions {
  questions: Question[];
  llm_used: boolean;
  fallback_reason: string | null;
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

/** One recording (take) of a question; at most one take per question counts in means and trends. */
export interface AnswerTake {
  answer_id: string;
  /** 1 for the first recording of its question, 2 for a re-take, … */
  take: number;
  /** The latest take of its question with a completed or partial analysis. */
  is_counted_take: boolean;
  analysis_status: AnalysisStatus;
}

export interface KeyPoint {
  text: string;
  /** null when coverage was not measured. */
  covered: boolean | null;
  /** The answer's sentence that covered it, when the analysis kept one. */
  evidence: string | null;
}

export interface KeyPointCoverage {
  /** no_key_points: the question has none, so coverage is not scored (not 0 %). */
  coverage_status: 'scored' | 'no_key_points' | 'not_measured';
  covered_count: number | null;
  total: number;
  points: KeyPoint[];
  /** given: with the question; bank: borrowed from the bank question asking the same thing; llm: written by the LLM. */
  origin: 'given' | 'bank' | 'llm';
  /** The bank question they were borrowed from. */
  origin_question: string | null;
}

export interface CoachRating {
  /** 0-100; the coaches' mean when several rated the dimension. */
  score: number;
  reviewer_count: number;
}

/** Coaches' review of an answer: only ever sent to the answer's owner. */
export interface CoachReview {
  reviewer_count: number;
  ratings: Partial<Record<Dimension, CoachRating>>;
  comments: { text: string; updated_at: string }[];
  updated_at: string;
}

/** Results are empty ({} or []) while the analysis runs; a missing modality leaves its parts empty. */
export interface AnswerReport {
  answer_id: string;
  session_id: string;
  question: { id: number; text: string; category: string; key_points: string[] };
  take: number;
  is_counted_take: boolean;
  /** Every take of this question, this one included, in recording order. */
  takes: AnswerTake[];
  key_points: KeyPointCoverage;
  /** null before a coach reviewed the answer, and for anyone but its owner. */
  coach_review: CoachReview | null;
  analysis_status: AnalysisStatus;
  analysis_error: string;
  stages?: StageRun[];
  media: { duration_s?: number | null; has_audio?: boolean; has_video?: boolean };
  /** When the recording was deleted under the retention policy; the report stays. */
  recording_expired_at?: string | null;
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

export type Trend = 'improving' | 'declining' | 'steady' | null;

export interface SessionReportAnswer extends AnswerTake {
  question_id: number;
  question_text: string;
  scores: Scores;
}

export interface SessionReport {
  session_id: string;
  /** Answers the means and trends are over: one counted take per analysed question. */
  answer_count: number;
  /** Every take of every question, in recording order. */
  answers: SessionReportAnswer[];
  dimensions: Partial<Record<Dimension, { mean: number | null; trend: Trend }>>;
  overall: number | null;
  top_improvements: string[];
  summary?: string;
}

export interface ProgressEntry {
  session_id: string;
  created_at: string;
  target_role: string;
  /** Answers the point is over: one counted take per analysed question. */
  answer_count: number;
  scores: Scores;
}

// Progress WebSocket: ws/sessions/<session id>/

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

// Share links to an answer report (issue 15).

/** One read-only link to an answer's report, as its owner lists it (never its token). */
export interface ReportShare {
  id: number;
  created_at: string;
  revoked_at: string | null;
  is_active: boolean;
}

/** A link just made: its URL, with the token, is sent this once. */
export interface ReportShareCreated extends ReportShare {
  url: string;
}

/** What a link's reader sees: the analysis, without the recording, reviews or ids. */
export type SharedAnswerReport = Pick<
  AnswerReport,
  | 'take'
  | 'analysis_status'
  | 'key_points'
  | 'transcript'
  | 'features'
  | 'feature_labels'
  | 'timelines'
  | 'markers'
  | 'scores'
  | 'missing'
  | 'notes'
  | 'explanations'
  | 'baselines'
  | 'feedback'
> & { question: { text: string; category: string }; shared_at: string };
