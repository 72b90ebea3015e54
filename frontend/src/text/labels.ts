// Words the interface uses for the API's names.
import type { AnalysisStatus, Dimension, ScoreName, StageName, StageStatus } from '../api/types';

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
