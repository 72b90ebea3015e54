// The ten dimension scores on one radar (0 at the centre, 100 at the rim). A missing score is
// drawn as a hollow marker at the centre and named in the text alternative.
import { useId } from 'react';
import { DIMENSIONS, type Scores } from '../api/types';
import { DIMENSION_LABELS } from '../text/labels';
import { formatScore } from '../text/format';

const WIDTH = 660;
const HEIGHT = 400;
const CENTER_X = WIDTH / 2;
const CENTER_Y = HEIGHT / 2;
const RADIUS = 140;
const RINGS = [25, 50, 75, 100];

function point(index: number, value: number): [number, number] {
  const angle = (Math.PI * 2 * index) / DIMENSIONS.length - Math.PI / 2;
  const distance = (RADIUS * value) / 100;
  return [CENTER_X + distance * Math.cos(angle), CENTER_Y + distance * Math.sin(angle)];
}

function polygon(values: number[]): string {
  return values.map((value, index) => point(index, value).map((n) => n.toFixed(1)).join(',')).join(' ');
}

export function RadarChart({ scores }: { scores: Scores }) {
  const id = useId();
  const values = DIMENSIONS.map((dimension) => scores[dimension] ?? null);
  const description = DIMENSIONS.map(
    (dimension, index) => `${DIMENSION_LABELS[dimension]} ${values[index] === null ? 'not available' : formatScore(values[index])}`,
  ).join(', ');
  return (
    <svg
      className="radar"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
    >
      <title id={`${id}-title`}>Scores on the ten dimensions, out of 100</title>
      <desc id={`${id}-desc`}>{description}</desc>
      {RINGS.map((ring) => (
        <polygon
          key={ring}
          className="radar-ring"
          points={polygon(DIMENSIONS.map(() => ring))}
        />
      ))}
      {DIMENSIONS.map((dimension, index) => {
        const [x, y] = point(index, 100);
        const [lx, ly] = point(index, 108);
        const anchor = Math.abs(lx - CENTER_X) < 4 ? 'middle' : lx > CENTER_X ? 'start' : 'end';
        const lift = Math.abs(lx - CENTER_X) < 4 ? (ly < CENTER_Y ? -8 : 8) : 0;
        return (
          <g key={dimension}>
            <line className="radar-axis" x1={CENTER_X} y1={CENTER_Y} x2={x} y2={y} />
            <text className="radar-label" x={lx} y={ly + lift} textAnchor={anchor} dominantBaseline="middle">
              {DIMENSION_LABELS[dimension]}{' '}
              <tspan className="radar-value">{formatScore(values[index])}</tspan>
            </text>
          </g>
        );
      })}
      <polygon className="radar-area" points={polygon(values.map((value) => value ?? 0))} />
      {values.map((value, index) => {
        const [x, y] = point(index, value ?? 0);
        return (
          <circle
            key={DIMENSIONS[index]}
            className={value === null ? 'radar-dot radar-dot-missing' : 'radar-dot'}
            cx={x}
            cy={y}
            r={4}
          />
        );
      })}
    </svg>
  );
}
