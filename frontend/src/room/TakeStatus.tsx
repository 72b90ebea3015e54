// How the submitted take's upload goes: its progress, and what to do when it stopped or was refused.
import { messageOf } from '../api/client';
import { ErrorAlert } from '../components/Feedback';
import { UploadProgressBar } from '../components/UploadProgressBar';
import type { Take } from './useTakes';

function TakeProblem({ take, onRetry, onRecordAgain }: { take: Take; onRetry: () => void; onRecordAgain: () => void }) {
  if (take.state === 'refused') {
    return <ErrorAlert title="This recording could not be used. Please record your answer again." error={take.error} />;
  }
  if (take.state !== 'stalled' && take.state !== 'failed') return null;
  return (
    <div className="alert alert-error" role="alert">
      <p className="alert-title">
        {take.state === 'stalled' ? 'The upload stopped: the connection is down.' : 'The upload failed.'}
      </p>
      <p>
        {take.state === 'stalled'
          ? 'Your recording is kept in this page, and what was sent is safe on the server.'
          : messageOf(take.error)}
      </p>
      <div className="controls">
        <button type="button" className="button button-primary" onClick={onRetry}>
          {take.answerId ? 'Resume the upload' : 'Try again'}
        </button>
        <button type="button" className="button button-secondary" onClick={onRecordAgain}>
          Record again instead
        </button>
      </div>
    </div>
  );
}

export function TakeStatus({ take, onRetry, onRecordAgain }: { take: Take; onRetry: () => void; onRecordAgain: () => void }) {
  return (
    <>
      {take.upload && take.state !== 'submitted' && <UploadProgressBar progress={take.upload} />}
      <TakeProblem take={take} onRetry={onRetry} onRecordAgain={onRecordAgain} />
    </>
  );
}
