// Why a score is what it is: each feature's SHAP contribution, in points, from the baseline,
// with the feature and its value in words (the server's labels; local ones for older reports).
import type { Contribution, FeatureLabel } from '../api/types';
import { featureText } from '../text/labels';
import { formatNumber } from '../text/format';

const SHOWN = 6;

export interface ContributionBarsProps {
  contributions: Contribution[];
  baseline?: number;
  /** The report's `feature_labels`; absent on reports stored before the server sent them. */
  featureLabels?: Record<string, FeatureLabel>;
}

export function ContributionBars({ contributions, baseline, featureLabels }: ContributionBarsProps) {
  const strongest = [...contributions]
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution))
    .slice(0, SHOWN);
  const scale = Math.max(...strongest.map((c) => Math.abs(c.contribution)), 1);
  return (
    <div className="why">
      {baseline !== undefined && (
        <p className="muted">Starts from a typical answer's {formatNumber(baseline, 0)}; then:</p>
      )}
      <ul className="why-list">
        {strongest.map((item) => {
          const share = (Math.abs(item.contribution) / scale) * 50;
          const positive = item.contribution >= 0;
          const { label, shown } = featureText(item.feature, item.value, featureLabels);
          return (
            <li key={item.feature} className="why-item">
              <span className="why-feature">
                {label}
                {shown !== null && <span className="muted"> · {shown}</span>}
              </span>
              <span className="why-track" aria-hidden="true">
                <span
                  className={positive ? 'why-bar why-bar-up' : 'why-bar why-bar-down'}
                  style={positive ? { left: '50%', width: `${share}%` } : { right: '50%', width: `${share}%` }}
                />
              </span>
              <span className="why-points">
                {positive ? '+' : '−'}
                {formatNumber(Math.abs(item.contribution))}
                <span className="visually-hidden"> points</span>
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
