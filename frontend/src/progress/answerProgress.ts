// What the browser knows about each answer's analysis, folded from the progress events: the
// snapshot on (re)connect, then one event per stage change, then the answer's result.
import type {
  AnalysisStatus,
  Answer,
  ProgressEvent,
  StageName,
  StageStatus,
} from '../api/types';

export interface AnswerProgress {
  analysisStatus: AnalysisStatus;
  stages: Partial<Record<StageName, StageStatus>>;
  errors: Partial<Record<StageName, string>>;
  error: string;
}

export type ProgressByAnswer = Record<string, AnswerProgress>;

const EMPTY: AnswerProgress = { analysisStatus: 'not_started', stages: {}, errors: {}, error: '' };

const FINAL_STATUSES: readonly AnalysisStatus[] = ['completed', 'partial', 'failed'];

export function isAnalysisDone(status: AnalysisStatus): boolean {
  return FINAL_STATUSES.includes(status);
}

/** The state an HTTP answer (or an answer report) gives, before the stream says more. */
export function progressFromAnswer(answer: Pick<Answer, 'analysis_status' | 'analysis_error' | 'stages'>): AnswerProgress {
  return {
    analysisStatus: answer.analysis_status,
    stages: Object.fromEntries(answer.stages.map((run) => [run.stage, run.status])),
    errors: Object.fromEntries(answer.stages.filter((run) => run.error).map((run) => [run.stage, run.error])),
    error: answer.analysis_error,
  };
}

export function applyProgressEvent(state: ProgressByAnswer, event: ProgressEvent): ProgressByAnswer {
  switch (event.type) {
    case 'snapshot': {
      const next = { ...state };
      for (const answer of event.answers) {
        const known = state[answer.answer_id] ?? EMPTY;
        next[answer.answer_id] = {
          ...known,
          analysisStatus: answer.analysis_status,
          stages: { ...answer.stages },
        };
      }
      return next;
    }
    case 'stage': {
      const known = state[event.answer_id] ?? EMPTY;
      const analysisStatus = isAnalysisDone(known.analysisStatus) || known.analysisStatus === 'running'
        ? known.analysisStatus
        : event.status === 'queued' || event.status === 'pending'
          ? 'queued'
          : 'running';
      const errors = { ...known.errors };
      if (event.error) errors[event.stage] = event.error;
      else delete errors[event.stage];
      return {
        ...state,
        [event.answer_id]: {
          ...known,
          analysisStatus,
          stages: { ...known.stages, [event.stage]: event.status },
          errors,
        },
      };
    }
    case 'answer.result': {
      const known = state[event.answer_id] ?? EMPTY;
      return {
        ...state,
        [event.answer_id]: {
          ...known,
          analysisStatus: event.analysis_status,
          stages: { ...known.stages, ...event.stages },
          error: event.error,
        },
      };
    }
  }
}
