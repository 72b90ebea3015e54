// What to do when the camera or microphone cannot be used.
import type { RecorderState } from '../recording/useRecorder';

const PROBLEMS: Partial<Record<RecorderState, { title: string; advice: string }>> = {
  denied: {
    title: 'Camera or microphone access was refused.',
    advice:
      "Allow this site to use your camera and microphone (the camera icon in the address bar, or the browser's site settings), then try again.",
  },
  unavailable: {
    title: 'No camera or microphone was found.',
    advice: 'Connect a camera and a microphone, then try again.',
  },
  busy: {
    title: 'The camera or microphone is in use by another application.',
    advice: 'Close the other application (a video call, for example), then try again.',
  },
  unsupported: {
    title: 'This browser cannot record video.',
    advice: 'Use a recent version of Chrome, Edge, Firefox or Safari.',
  },
};

export function hasDeviceProblem(state: RecorderState): boolean {
  return state in PROBLEMS;
}

export function DeviceProblem({ state, onRetry }: { state: RecorderState; onRetry: () => void }) {
  const problem = PROBLEMS[state];
  if (!problem) return null;
  return (
    <div className="alert alert-error" role="alert">
      <p className="alert-title">{problem.title}</p>
      <p>{problem.advice}</p>
      {state !== 'unsupported' && (
        <button type="button" className="button button-secondary" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
