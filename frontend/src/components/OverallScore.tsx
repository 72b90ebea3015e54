// The big overall score at the top of a report (answer, session, shared).
import { formatScore } from '../text/format';

export function OverallScore({ score }: { score: number | null | undefined }) {
  return (
    <p className="overall" aria-label={`Overall score ${formatScore(score)} out of 100`}>
      <span className="overall-number">{formatScore(score)}</span>
      <span className="muted">overall</span>
    </p>
  );
}
