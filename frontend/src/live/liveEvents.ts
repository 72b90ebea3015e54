// The live answer stream's events (analysis_app/engine/live.py) and how they fold into what the
// candidate sees: the final words once and never rewritten (appended), the partial tail
// replaced on each update, and nudges.

export interface LiveWord {
  word: string;
  start: number;
  end: number;
}

export interface TranscriptEvent {
  type: 'transcript.partial' | 'transcript.final';
  text: string;
  start: number;
  end: number;
  words: LiveWord[];
}

export interface NudgeEvent {
  type: 'nudge';
  kind: string;
  message: string;
  t: number;
}

export type LiveEvent =
  | TranscriptEvent
  | NudgeEvent
  | { type: 'transcript.end' }
  | { type: 'error'; message: string; code?: string };

export interface LiveState {
  finalText: string;
  partialText: string;
  nudges: NudgeEvent[];
  /** Why there is no (more) preview, for the candidate; '' while it works. */
  problem: string;
}

export const emptyLiveState: LiveState = { finalText: '', partialText: '', nudges: [], problem: '' };

/** The server's close code when its process has as many live streams as it keeps up with. */
export const BUSY_CLOSE_CODE = 4429;

export const LIVE_PROBLEMS = {
  busy: 'The live preview is busy right now.',
  stopped: 'The live preview stopped.',
  unsupported: 'This browser cannot show a live preview.',
} as const;

/** At most this many hints at once: live feedback is a hint, not a dashboard. */
export const MAX_VISIBLE_NUDGES = 2;

/** A hint is about the last few seconds: it hides by itself after this long. */
export const NUDGE_VISIBLE_MS = 6000;

export function applyLiveEvent(state: LiveState, event: LiveEvent): LiveState {
  switch (event.type) {
    case 'transcript.final':
      return {
        ...state,
        finalText: [state.finalText, event.text].filter(Boolean).join(' '),
        partialText: '',
      };
    case 'transcript.partial':
      return { ...state, partialText: event.text };
    case 'nudge':
      return { ...state, nudges: [...state.nudges, event].slice(-MAX_VISIBLE_NUDGES) };
    default:
      return state;
  }
}

export function dismissNudge(state: LiveState, nudge: NudgeEvent): LiveState {
  return { ...state, nudges: state.nudges.filter((shown) => shown !== nudge) };
}
