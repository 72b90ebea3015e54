// The buttons that take a recording through its steps: start (or, during think time, start now
// or cancel), stop, then submit it or record it again.
import type { Countdown } from '../recording/thinkTime';
import type { Recorder, Recording } from '../recording/useRecorder';

export function RecorderControls({
  recorder,
  countdown,
  canStart,
  startLabel,
  startProminent,
  onStart,
  onSubmit,
  onRecordAgain,
}: {
  recorder: Recorder;
  countdown: Countdown;
  /** No take of this question is on its way or waiting for a retry. */
  canStart: boolean;
  startLabel: string;
  /** The main action (no earlier take is shown beside it). */
  startProminent: boolean;
  onStart: () => void;
  onSubmit: (recording: Recording) => void;
  onRecordAgain: () => void;
}) {
  const recorded = recorder.recording;
  return (
    <div className="controls">
      {recorder.state === 'ready' && countdown.remaining === null && canStart && (
        <button type="button" className={startProminent ? 'button button-record' : 'button button-secondary'} onClick={onStart}>
          {startLabel}
        </button>
      )}
      {countdown.remaining !== null && (
        <>
          <button type="button" className="button button-record" onClick={countdown.finish}>
            Start now
          </button>
          <button type="button" className="button button-secondary" onClick={countdown.cancel}>
            Cancel
          </button>
        </>
      )}
      {recorder.state === 'recording' && (
        <button type="button" className="button button-stop" onClick={recorder.stop}>
          Stop recording
        </button>
      )}
      {recorder.state === 'recorded' && recorded && (
        <>
          <button type="button" className="button button-primary" onClick={() => onSubmit(recorded)}>
            Submit this answer
          </button>
          <button type="button" className="button button-secondary" onClick={onRecordAgain}>
            Re-record
          </button>
        </>
      )}
    </div>
  );
}
