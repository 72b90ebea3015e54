// The live preview under the question: the transcript so far (the unfinished tail dimmed) and
// at most a couple of small, dismissible hints. Polite live regions: a screen reader reads them
// when the candidate pauses, never interrupting.
import type { LiveState, NudgeEvent } from '../live/liveEvents';

interface Props {
  live: LiveState;
  onDismiss: (nudge: NudgeEvent) => void;
}

export function LiveFeedback({ live, onDismiss }: Props) {
  const empty = !live.finalText && !live.partialText;
  return (
    <section className="live-feedback" aria-label="Live preview">
      <p className="live-transcript" aria-live="polite">
        {empty ? (
          <span className="muted">
            {live.problem
              ? `${live.problem} Your answer is still recorded and analysed in full.`
              : 'Your words will appear here as you speak.'}
          </span>
        ) : (
          <>
            {live.finalText}
            {live.partialText && <span className="muted"> {live.partialText}</span>}
          </>
        )}
      </p>
      <ul className="live-nudges" aria-live="polite" aria-label="Hints">
        {live.nudges.map((nudge) => (
          <li key={`${nudge.kind}-${nudge.t}`} className="live-nudge">
            <span>{nudge.message}</span>
            <button type="button" aria-label={`Dismiss hint: ${nudge.message}`} onClick={() => onDismiss(nudge)}>
              ×
            </button>
          </li>
        ))}
      </ul>
      {live.problem && !empty && <p className="muted small">{live.problem} What you said so far is above.</p>}
      <p className="muted small">A preview only: your full feedback comes from the uploaded recording.</p>
    </section>
  );
}
