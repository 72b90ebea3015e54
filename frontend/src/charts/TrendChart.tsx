// One score across sessions, oldest first: a small line chart for the dashboard's grid.
import { formatScore } from '../text/format';

const WIDTH = 220;
const HEIGHT = 70;
const PAD = 6;

export interface TrendChartProps {
  title: string;
  values: (number | null)[];
}

export function TrendChart({ title, values }: TrendChartProps) {
  const known = values
    .map((value, index) => ({ value, index }))
    .filter((entry): entry is { value: number; index: number } => entry.value !== null);
  const x = (index: number) => PAD + ((WIDTH - 2 * PAD) * index) / Math.max(values.length - 1, 1);
  const y = (value: number) => PAD + (HEIGHT - 2 * PAD) * (1 - value / 100);
  const path = known.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.index).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
  const latest = known.at(-1)?.value ?? null;
  const label = known.length
    ? `${title} across ${values.length} sessions: ${values.map((v) => (v === null ? 'not available' : formatScore(v))).join(', ')}.`
    : `${title}: no scores yet.`;

  return (
    <figure className="trend">
      <figcaption>
        <span>{title}</span>
        <span className="trend-latest">{formatScore(latest)}</span>
      </figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label}>
        <line className="chart-grid" x1={PAD} x2={WIDTH - PAD} y1={y(50)} y2={y(50)} />
        <path className="trend-line" d={path} />
        {known.map((p) => (
          <circle key={p.index} className="trend-dot" cx={x(p.index)} cy={y(p.value)} r={3} />
        ))}
      </svg>
    </figure>
  );
}
