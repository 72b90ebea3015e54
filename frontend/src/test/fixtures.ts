// Responses of the API as the server sends them, for component tests.
import type { Answer, AnswerReport, ProgressEntry, SessionDetail, SessionReport, StageRun, User } from '../api/types';

export const USER: User = { id: 7, username: 'ada', email: 'ada@example.com', is_staff: false, is_reviewer: false };

export const SESSION_ID = '0b6f1a52-5d55-4c43-9f7e-6e1c0a6f4a01';
export const ANSWER_ID = '5f0c2f1e-2a9b-4f51-8a7d-3c7d1f0e9b22';

export function session(overrides: Partial<SessionDetail> = {}): SessionDetail {
  return {
    id: SESSION_ID,
    owner: 'ada',
    target_role: 'Backend engineer',
    role: 'software_engineer',
    difficulty: 'medium',
    resume_id: null,
    status: 'in_progress',
    created_at: '2026-11-20T10:00:00Z',
    updated_at: '2026-11-20T10:00:00Z',
    started_at: '2026-11-20T10:01:00Z',
    completed_at: null,
    questions: [
      { id: 11, order: 1, text: 'Tell me about a project you led.', category: 'behavioural', key_points: ['ownership'], source: 'bank', skills: [] },
      { id: 12, order: 2, text: 'How would you make a flaky test suite reliable?', category: 'role', key_points: [], source: 'bank', skills: ['testing'] },
    ],
    answers: [],
    ...overrides,
  };
}

export function answer(overrides: Partial<Answer> = {}): Answer {
  return {
    id: ANSWER_ID,
    session_id: SESSION_ID,
    question_id: 11,
    order: 1,
    upload: { state: 'none', filename: '', size: 0, offset: 0 },
    media_info: null,
    analysis_status: 'not_started',
    analysis_error: '',
    stages: [],
    created_at: '2026-11-20T10:02:00Z',
    ...overrides,
  };
}

const stage = (name: StageRun['stage'], status: StageRun['status'], error = ''): StageRun => ({
  stage: name,
  status,
  attempt: 1,
  error,
});

/** A partial analysis: the video stage failed, so eye contact and composure have no score. */
export function partialReport(overrides: Partial<AnswerReport> = {}): AnswerReport {
  return {
    answer_id: ANSWER_ID,
    session_id: SESSION_ID,
    question: { id: 11, text: 'Tell me about a project you led.', category: 'behavioural', key_points: ['ownership'] },
    take: 1,
    is_counted_take: true,
    takes: [{ answer_id: ANSWER_ID, take: 1, is_counted_take: true, analysis_status: 'partial' }],
    key_points: {
      coverage_status: 'scored',
      covered_count: 1,
      total: 1,
      points: [{ text: 'ownership', covered: true, evidence: null }],
      origin: 'given',
      origin_question: null,
    },
    coach_review: null,
    analysis_status: 'partial',
    analysis_error: '',
    stages: [
      stage('media', 'finished'),
      stage('speech', 'finished'),
      stage('audio', 'finished'),
      stage('video', 'failed', 'No face was found in the video.'),
      stage('text', 'finished'),
      stage('scoring', 'finished'),
    ],
    media: {
      duration_s: 6,
      has_audio: true,
      has_video: true,
      container: 'webm',
      audio_codec: 'opus',
      sample_rate: 48000,
      channels: 1,
      video_codec: 'vp8',
      width: 640,
      height: 480,
      fps: 30,
    },
    transcript: {
      text: 'Um I think we moved the billing service.',
      words: [
        { word: ' Um', start: 0.2, end: 0.5, probability: 0.9 },
        { word: ' I', start: 0.6, end: 0.7, probability: 0.99 },
        { word: ' think', start: 0.7, end: 1.0, probability: 0.99 },
        { word: ' we', start: 2.6, end: 2.8, probability: 0.99 },
        { word: ' moved', start: 2.8, end: 3.1, probability: 0.99 },
        { word: ' the', start: 3.1, end: 3.2, probability: 0.99 },
        { word: ' billing', start: 3.2, end: 3.6, probability: 0.98 },
        { word: ' service.', start: 3.6, end: 4.1, probability: 0.97 },
      ],
    },
    features: { speech_rate_wpm: 128, filler_rate_per_100_words: 12.5, eye_contact_ratio: null },
    // As the server's labels table (analysis_app/engine/scoring/labels.py) writes them.
    feature_labels: {
      speech_rate_wpm: { label: 'Speaking rate', unit: 'words per minute', shown: '128 words per minute' },
      filler_rate_per_100_words: { label: 'Filler rate', unit: 'per 100 words', shown: '12.5 per 100 words' },
      eye_contact_ratio: { label: 'Eye contact', unit: '%', shown: 'not measured' },
    },
    timelines: {
      pace_wpm: [
        { t: 1, value: 110 },
        { t: 3, value: 135 },
        { t: 5, value: 128 },
      ],
      pitch_hz: [
        { t: 1, value: 180 },
        { t: 3, value: 210 },
      ],
      loudness_db: [],
      eye_contact: [],
    },
    markers: {
      fillers: [{ kind: 'filler', text: 'um', word: 'um', start: 0.2, end: 0.5, word_index: 0 }],
      hedges: [{ kind: 'hedge', text: 'i think', start: 0.6, end: 1.0, word_index: 1 }],
      restarts: [],
      long_pauses: [{ start: 1.0, end: 2.6, long: true, duration_s: 1.6 }],
    },
    scores: {
      confidence: 58,
      fluency: 61,
      vocal_expressiveness: 70,
      eye_contact: null,
      composure: null,
      engagement: 55,
      positivity: 72,
      relevance: 80,
      structure: 45,
      clarity: 77,
      overall: 64,
    },
    missing: { eye_contact: 'No face was found in the video.', composure: 'No face was found in the video.' },
    explanations: {
      fluency: [
        { feature: 'filler_rate_per_100_words', value: 12.5, contribution: -9.2 },
        { feature: 'speech_rate_wpm', value: 128, contribution: 4.1 },
      ],
    },
    baselines: { fluency: 66, eye_contact: null },
    notes: { relevance: 'Measured against the question only: it has no key points.' },
    feedback: {
      summary: 'A relevant answer; fewer fillers would make it land better.',
      strengths: ['You answered the question asked.'],
      improvements: ['Replace "um" with a short silent pause.'],
      source: 'rules',
    },
    ...overrides,
  };
}

export const SESSION_REPORT: SessionReport = {
  session_id: SESSION_ID,
  answer_count: 1,
  answers: [
    {
      answer_id: ANSWER_ID,
      question_id: 11,
      question_text: 'Tell me about a project you led.',
      take: 1,
      is_counted_take: true,
      analysis_status: 'partial',
      scores: { overall: 64 },
    },
  ],
  dimensions: {
    fluency: { scores: [61], mean: 61, count: 1, slope_per_answer: null, trend: 'improving' },
    confidence: { scores: [58], mean: 58, count: 1, slope_per_answer: null, trend: null },
  },
  overall: 64,
  top_improvements: ['Replace "um" with a short silent pause.'],
  summary: '1 answer analysed.',
};

export const PROGRESS: ProgressEntry[] = [
  { session_id: 'a', created_at: '2026-11-01T10:00:00Z', target_role: 'Backend engineer', answer_count: 2, scores: { overall: 52, fluency: 40, confidence: 50 } },
  { session_id: 'b', created_at: '2026-11-10T10:00:00Z', target_role: 'Backend engineer', answer_count: 3, scores: { overall: 61, fluency: 55, confidence: null } },
];
