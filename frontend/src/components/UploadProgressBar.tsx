// How much of the recording the server holds, and what the upload is doing about a failure.
import type { UploadProgress } from '../upload/resumableUpload';
import { formatBytes } from '../text/format';

function describe(progress: UploadProgress): string {
  switch (progress.phase) {
    case 'uploading':
      return `Uploading: ${formatBytes(progress.sent)} of ${formatBytes(progress.total)}`;
    case 'retrying': {
      const seconds = Math.max(1, Math.round((progress.retryInMs ?? 0) / 1000));
      return `Connection lost at ${formatBytes(progress.sent)}. Retrying in ${seconds} s (attempt ${progress.attempt ?? 1}); the upload resumes where it stopped.`;
    }
    case 'finishing':
      return 'Uploaded. Checking the recording…';
  }
}

export function UploadProgressBar({ progress }: { progress: UploadProgress }) {
  const percent = progress.total > 0 ? Math.floor((progress.sent / progress.total) * 100) : 0;
  return (
    <div className={`upload upload-${progress.phase}`}>
      <label htmlFor="upload-progress">Upload</label>
      <progress id="upload-progress" max={100} value={percent} aria-valuetext={`${percent}%`}>
        {percent}%
      </progress>
      <p className="upload-status" role="status">
        {describe(progress)}
      </p>
    </div>
  );
}
