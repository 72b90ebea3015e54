// The room's camera side: the live camera (or the take just recorded), what is wrong with the
// devices if anything, the clock, the recording controls, think time and what is happening now.
import type { ReactNode } from 'react';
import { CameraPreview, TakePlayback } from '../components/CameraPreview';
import { DeviceProblem, hasDeviceProblem } from '../components/DeviceProblem';
import { Loading } from '../components/Feedback';
import { THINK_TIME_CHOICES, type Countdown } from '../recording/thinkTime';
import { MAX_ANSWER_MS, type Recorder } from '../recording/useRecorder';
import { formatClock } from '../text/format';

function ThinkTimeField({
  seconds,
  disabled,
  onChoose,
}: {
  seconds: number;
  disabled: boolean;
  onChoose: (seconds: number) => void;
}) {
  return (
    <div className="field think-time">
      <label htmlFor="think-time">Think time before recording</label>
      <select id="think-time" value={seconds} disabled={disabled} onChange={(e) => onChoose(Number(e.target.value))}>
        {THINK_TIME_CHOICES.map((choice) => (
          <option key={choice} value={choice}>
            {choice === 0 ? 'None' : `${choice} seconds`}
          </option>
        ))}
      </select>
    </div>
  );
}

export function CameraPanel({
  recorder,
  countdown,
  thinkSeconds,
  onThinkSeconds,
  busy,
  controls,
}: {
  recorder: Recorder;
  countdown: Countdown;
  thinkSeconds: number;
  onThinkSeconds: (seconds: number) => void;
  /** Recording, uploading or counting down: the think time stays as it is. */
  busy: boolean;
  /** The recording controls (RecorderControls). */
  controls: ReactNode;
}) {
  const recorded = recorder.recording;
  return (
    <section className="room-camera" aria-label="Camera and recording">
      {recorder.state === 'recorded' && recorded ? (
        <TakePlayback blob={recorded.blob} />
      ) : (
        <CameraPreview stream={recorder.stream} recording={recorder.state === 'recording'} />
      )}
      <DeviceProblem state={recorder.state} onRetry={() => void recorder.requestDevices()} />
      {recorder.state === 'requesting' && <Loading label="Waiting for the camera and microphone…" />}
      <p className="elapsed" aria-live="off">
        <span className="visually-hidden">Elapsed time </span>
        <time>{formatClock(recorder.elapsedMs)}</time>
        <span className="muted"> / {formatClock(MAX_ANSWER_MS)}</span>
      </p>
      {controls}
      {countdown.remaining !== null && (
        <p className="think-countdown" aria-live="off">
          Think time: recording starts in <time>{countdown.remaining} s</time>
        </p>
      )}
      <ThinkTimeField seconds={thinkSeconds} disabled={busy} onChoose={onThinkSeconds} />
      <p className="muted" role="status">
        {countdown.remaining !== null && countdown.remaining === thinkSeconds && 'Think time started.'}
        {recorder.state === 'recording' && 'Recording. Answer the question, then stop.'}
        {recorder.state === 'recorded' && recorded && `Recorded ${formatClock(recorded.durationMs)}. Submit it, or record it again.`}
      </p>
      {hasDeviceProblem(recorder.state) && <p className="muted">You can still read the questions and come back later.</p>}
    </section>
  );
}
