// "Over the answer": pace, pitch, eye contact and loudness through an answer, each where the
// analysis measured it, with a playhead at the recording's position (the answer report).
import type { AnswerReport } from '../api/types';
import { TimelineChart } from '../charts/TimelineChart';

const percent = (value: number) => `${Math.round(value * 100)}%`;

export function TimelinesSection({
  timelines,
  durationS,
  playheadS = 0,
}: {
  timelines: AnswerReport['timelines'];
  durationS: number;
  playheadS?: number;
}) {
  const { pace_wpm: pace = [], pitch_hz: pitch = [], loudness_db: loudness = [], eye_contact: eyes = [] } = timelines;
  if (pace.length + pitch.length + loudness.length + eyes.length === 0) return null;
  const chart = { durationS, playheadS };
  return (
    <section aria-labelledby="timelines-heading">
      <h2 id="timelines-heading">Over the answer</h2>
      <div className="timeline-grid">
        {pace.length > 0 && <TimelineChart title="Pace" unit="words per minute" points={pace} {...chart} />}
        {pitch.length > 0 && <TimelineChart title="Pitch" unit="Hz" points={pitch} {...chart} />}
        {eyes.length > 0 && (
          <TimelineChart title="Eye contact" unit="share of time" points={eyes} {...chart} range={[0, 1]} format={percent} />
        )}
        {loudness.length > 0 && <TimelineChart title="Loudness" unit="dB" points={loudness} {...chart} />}
      </div>
    </section>
  );
}

/** Without a recording (the shared report), the answer's length read off the series (their last point). */
export function timelinesDuration(timelines: AnswerReport['timelines']): number {
  const { pace_wpm: pace = [], pitch_hz: pitch = [], loudness_db: loudness = [], eye_contact: eyes = [] } = timelines;
  return Math.max(0, ...[pace, pitch, loudness, eyes].flatMap((points) => points.map((point) => point.t)));
}
