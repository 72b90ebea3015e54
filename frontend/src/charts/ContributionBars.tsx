// Why a score is what it is: each feature's SHAP contribution, in points, from the baseline.
import type { Contribution } from '../api/types';
import { featureLabel } from '../text/labels';
import { formatNumber } from '../text/format';

const SHOWN = 6;

export function ContributionBars({ contributions, baseline }: { contributions: Contribution[]; baseline?: number }) {
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
          return (
            <li key={item.feature} className="why-item">
              <span className="why-feature">
                {featureLabel(item.feature)}
                {item.value !== null && <span className="muted"> · {formatNumber(item.value)}</span>}
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
