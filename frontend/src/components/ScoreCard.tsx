// One dimension's score with what it means, why it is missing, or why it is what it is.
import type { Contribution, Dimension, FeatureLabel } from '../api/types';
import { ContributionBars } from './ContributionBars';
import { DIMENSION_HINTS, DIMENSION_LABELS } from '../text/labels';
import { formatScore } from '../text/format';

export interface ScoreCardProps {
  dimension: Dimension;
  score: number | null;
  missingReason?: string;
  note?: string;
  contributions?: Contribution[];
  baseline?: number;
  /** The report's features in words (`feature_labels`). */
  featureLabels?: Record<string, FeatureLabel>;
}

function band(score: number): string {
  if (score >= 70) return 'good';
  if (score >= 40) return 'fair';
  return 'low';
}

export function ScoreCard({ dimension, score, missingReason, note, contributions, baseline, featureLabels }: ScoreCardProps) {
  const headingId = `score-${dimension}`;
  return (
    <article className={`score-card ${score === null ? 'score-missing' : `score-${band(score)}`}`} aria-labelledby={headingId} data-dimension={dimension}>
      <h3 id={headingId}>{DIMENSION_LABELS[dimension]}</h3>
      <p className="score-value">
        {score === null ? (
          <span>Not available</span>
        ) : (
          <>
            <span className="score-number">{formatScore(score)}</span>
            <span className="muted"> / 100</span>
          </>
        )}
      </p>
      {score !== null && (
        <span className="score-meter" aria-hidden="true">
          <span style={{ width: `${Math.max(0, Math.min(100, score))}%` }} />
        </span>
      )}
      <p className="muted score-hint">{score === null ? missingReason || 'Not enough evidence in this recording.' : DIMENSION_HINTS[dimension]}</p>
      {score !== null && note && <p className="score-note">{note}</p>}
      {score !== null && contributions && contributions.length > 0 && (
        <details>
          <summary>Why this score</summary>
          <ContributionBars contributions={contributions} baseline={baseline} featureLabels={featureLabels} />
        </details>
      )}
    </article>
  );
}
