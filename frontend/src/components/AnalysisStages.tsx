// The analysis of one answer, stage by stage, updated live; screen readers hear each change.
import { STAGES, type StageStatus } from '../api/types';
import { isAnalysisDone, type AnswerProgress } from '../progress/answerProgress';
import { ANALYSIS_STATUS_LABELS, STAGE_LABELS, STAGE_STATUS_LABELS } from '../text/labels';

const STATUS_ICONS: Record<StageStatus, string> = {
  pending: '○',
  queued: '○',
  started: '◔',
  finished: '✓',
  failed: '✕',
  skipped: '–',
};

export function AnalysisStages({ progress }: { progress: AnswerProgress }) {
  const done = isAnalysisDone(progress.analysisStatus);
  return (
    <section className="stages" aria-labelledby="stages-heading">
      <h3 id="stages-heading">Analysis</h3>
      <p className={`analysis-status status-${progress.analysisStatus}`} aria-live="polite">
        {ANALYSIS_STATUS_LABELS[progress.analysisStatus]}
        {done && progress.error ? `: ${progress.error}` : ''}
      </p>
      <ol className="stage-list" aria-live="polite" aria-relevant="text">
        {STAGES.map((stage) => {
          const status = progress.stages[stage] ?? 'pending';
          const error = progress.errors[stage];
          return (
            <li key={stage} className={`stage stage-${status}`} data-stage={stage} data-status={status}>
              <span className="stage-icon" aria-hidden="true">
                {STATUS_ICONS[status]}
              </span>
              <span className="stage-name">{STAGE_LABELS[stage]}</span>
              <span className="stage-status">{STAGE_STATUS_LABELS[status]}</span>
              {error && <span className="stage-note">{error}</span>}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
