// One score across sessions, oldest first: a small line chart for the dashboard's grid, with the
// latest score and its change since the previous score as a caption above the chart.
import { formatScore } from '../text/format';

const WIDTH = 220;
const HEIGHT = 70;
const PAD = 6;

export interface TrendChartProps {
  title: string;
  values: (number | null)[];
}

export interface TrendSummary {
  /** The most recent known score, rounded; null when there is none. */
  latest: number | null;
  /** The rounded latest score minus the rounded known score before it; null with fewer than two. */
  change: number | null;
}

/** The latest known score and its change since the known score before it (a session without
 * this score is skipped, so a gap does not hide the trend). Rounded first, so "67 (+4)" adds up. */
export function trendSummary(values: (number | null)[]): TrendSummary {
  const known = values.filter((value): value is number => value !== null).map((value) => Math.round(value));
  const latest = known.at(-1) ?? null;
  const previous = known.at(-2) ?? null;
  return { latest, change: latest !== null && previous !== null ? latest - previous : null };
}

/** "+4", "−3" (a true minus sign) or "±0". */
export function formatChange(change: number): string {
  if (change > 0) return `+${change}`;
  if (change < 0) return `−${Math.abs(change)}`;
  return '±0';
}

export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

export function TrendChart({ title, values }: TrendChartProps) {
  const known = values
    .map((value, index) => ({ value, index }))
    .filter((entry): entry is { value: number; index: number } => entry.value !== null);
  const x = (index: number) => PAD + ((WIDTH - 2 * PAD) * index) / Math.max(values.length - 1, 1);
  const y = (value: number) => PAD + (HEIGHT - 2 * PAD) * (1 - value / 100);
  const path = known.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.index).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
  const { latest, change } = trendSummary(values);
  const label = known.length
    ? `${title} across ${plural(values.length, 'session', 'sessions')}: ${values.map((v) => (v === null ? 'not available' : formatScore(v))).join(', ')}.`
    : `${title}: no scores yet.`;
  const changeClass =
    change === null ? '' : change > 0 ? ' trend-change-up' : change < 0 ? ' trend-change-down' : '';

  return (
    <figure className="trend">
      <figcaption className="trend-caption">
        <span className="trend-title">{title}</span>{' '}
        <span className="trend-value">
          <span className="trend-latest">{formatScore(latest)}</span>
          {change !== null && (
            <>
              {' '}
              <span className={`trend-change${changeClass}`} title="Change since the previous session">
                ({formatChange(change)})
              </span>
            </>
          )}
        </span>
      </figcaption>
      <svg className="trend-chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label}>
        <line className="chart-grid" x1={PAD} x2={WIDTH - PAD} y1={y(50)} y2={y(50)} />
        <path className="trend-line" d={path} />
        {known.map((p) => (
          <circle key={p.index} className="trend-dot" cx={x(p.index)} cy={y(p.value)} r={3} />
        ))}
      </svg>
    </figure>
  );
}
