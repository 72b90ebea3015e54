// One measure over the length of an answer (pace, pitch, eye contact), with the playhead.
import type { TimePoint } from '../api/types';
import { formatNumber } from '../text/format';

const WIDTH = 400;
const HEIGHT = 150;
const PAD = { left: 40, right: 10, top: 10, bottom: 24 };

export interface TimelineChartProps {
  title: string;
  unit: string;
  points: TimePoint[];
  durationS: number;
  playheadS?: number;
  /** A fixed range for measures with one (a share is 0-1); otherwise it follows the data. */
  range?: [number, number];
  format?: (value: number) => string;
}

export function TimelineChart({ title, unit, points, durationS, playheadS, range, format }: TimelineChartProps) {
  const show = format ?? ((value: number) => formatNumber(value, 0));
  const values = points.map((p) => p.value);
  const [low, high] = range ?? [Math.min(...values), Math.max(...values)];
  const span = high - low || 1;
  const duration = Math.max(durationS, ...points.map((p) => p.t), 1);
  const x = (t: number) => PAD.left + ((WIDTH - PAD.left - PAD.right) * t) / duration;
  const y = (v: number) => PAD.top + (HEIGHT - PAD.top - PAD.bottom) * (1 - (v - low) / span);
  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.t).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
  const average = values.reduce((sum, v) => sum + v, 0) / values.length;
  const summary = `${title}: from ${show(Math.min(...values))} to ${show(Math.max(...values))} ${unit}, average ${show(average)} ${unit}, over ${Math.round(duration)} seconds.`;

  return (
    <figure className="timeline">
      <figcaption>
        {title} <span className="muted">({unit})</span>
      </figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={summary}>
        <line className="chart-axis" x1={PAD.left} y1={HEIGHT - PAD.bottom} x2={WIDTH - PAD.right} y2={HEIGHT - PAD.bottom} />
        <text className="chart-tick" x={PAD.left - 6} y={y(high)} textAnchor="end" dominantBaseline="middle">
          {show(high)}
        </text>
        <text className="chart-tick" x={PAD.left - 6} y={y(low)} textAnchor="end" dominantBaseline="middle">
          {show(low)}
        </text>
        <text className="chart-tick" x={PAD.left} y={HEIGHT - 6}>
          0 s
        </text>
        <text className="chart-tick" x={WIDTH - PAD.right} y={HEIGHT - 6} textAnchor="end">
          {Math.round(duration)} s
        </text>
        <path className="timeline-line" d={path} />
        {playheadS !== undefined && (
          <line className="timeline-playhead" x1={x(playheadS)} y1={PAD.top} x2={x(playheadS)} y2={HEIGHT - PAD.bottom} />
        )}
      </svg>
    </figure>
  );
}
