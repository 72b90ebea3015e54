// Words the interface uses for the API's names.
import type { AnalysisStatus, Dimension, FeatureLabel, ScoreName, StageName, StageStatus } from '../api/types';
import { formatNumber } from './format';

export const DIMENSION_LABELS: Record<ScoreName, string> = {
  confidence: 'Confidence',
  fluency: 'Fluency',
  vocal_expressiveness: 'Vocal expressiveness',
  eye_contact: 'Eye contact',
  composure: 'Composure',
  engagement: 'Engagement',
  positivity: 'Positivity',
  relevance: 'Relevance',
  structure: 'Structure',
  clarity: 'Clarity',
  overall: 'Overall',
};

export const DIMENSION_HINTS: Record<Dimension, string> = {
  confidence: 'Steady, assured delivery',
  fluency: 'Smooth, well-paced speech',
  vocal_expressiveness: 'A voice that is not monotone',
  eye_contact: 'Looking at the camera',
  composure: 'Calm, upright, not fidgety',
  engagement: 'Energy and animation',
  positivity: 'A constructive tone',
  relevance: 'Answering the question asked',
  structure: 'An organised answer (situation, task, action, result)',
  clarity: 'Understandable language and articulation',
};

export const STAGE_LABELS: Record<StageName, string> = {
  media: 'Preparing the recording',
  speech: 'Transcribing your speech',
  audio: 'Analysing your voice',
  video: 'Analysing face, gaze and posture',
  text: "Analysing the answer's content",
  scoring: 'Scoring and writing feedback',
};

export const STAGE_STATUS_LABELS: Record<StageStatus, string> = {
  pending: 'waiting',
  queued: 'queued',
  started: 'in progress',
  finished: 'done',
  failed: 'failed',
  skipped: 'skipped',
};

export const ANALYSIS_STATUS_LABELS: Record<AnalysisStatus, string> = {
  not_started: 'Not analysed yet',
  queued: 'Waiting for analysis',
  running: 'Being analysed',
  completed: 'Analysed',
  partial: 'Partly analysed',
  failed: 'Analysis failed',
};

export const CATEGORY_LABELS: Record<string, string> = {
  behavioural: 'Behavioural',
  role: 'Role-specific',
  skill: 'Skill-specific',
  resume: 'About your résumé',
  follow_up: 'Follow-up',
  custom: 'Custom',
};

// Feature names in words now come from the server (the report's `feature_labels`, from its
// one labels table); this list only stands in for reports stored before it sent them.
const FEATURE_LABELS: Record<string, string> = {
  speech_rate_wpm: 'Speaking rate (words/min)',
  filler_rate_per_100_words: 'Fillers per 100 words',
  filler_count: 'Fillers',
  long_pause_count: 'Long pauses',
  pause_ratio: 'Share of time pausing',
  hedge_count: 'Hedges',
  pitch_range_semitones: 'Pitch range (semitones)',
  pitch_median_hz: 'Median pitch (Hz)',
  eye_contact_ratio: 'Eye contact',
  face_present_ratio: 'Face visible',
  head_yaw_std_deg: 'Head turning (°)',
  head_pitch_std_deg: 'Head nodding (°)',
  smile_ratio: 'Smiling',
  blink_rate_per_min: 'Blinks per minute',
  sentiment: 'Sentiment',
  lexical_diversity: 'Vocabulary variety',
  relevance_similarity: 'Similarity to the question',
  keyword_coverage: 'Key points covered',
  star_components: 'STAR parts present',
  word_count: 'Words',
  duration_s: 'Length (s)',
};

export function featureLabel(name: string): string {
  const known = FEATURE_LABELS[name];
  if (known) return known;
  const words = name.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A feature's value as the fallback shows it: ratios (0-1) as percentages, never "1". */
function fallbackValue(name: string, value: number): string {
  if (name.endsWith('_ratio')) return `${Math.round(value * 100)}%`;
  return formatNumber(value);
}

/**
 * A feature in words: the server's label and value ("Eye contact", "100% of frames") where
 * the report has them, else the local label and number. `shown` is null when there is no
 * value to show.
 */
export function featureText(
  name: string,
  value: number | null,
  labels?: Record<string, FeatureLabel>,
): { label: string; shown: string | null } {
  const server = labels?.[name];
  if (server) return { label: server.label, shown: value === null ? null : server.shown };
  return { label: featureLabel(name), shown: value === null ? null : fallbackValue(name, value) };
}
