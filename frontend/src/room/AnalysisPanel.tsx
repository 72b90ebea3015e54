// The shown take's analysis as it runs, a link to its report, and once it is analysed the
// follow-up question it offers.
import { Link } from 'react-router';
import type { Question } from '../api/types';
import { AnalysisStages } from '../components/AnalysisStages';
import { FollowUpOffer } from '../components/FollowUpOffer';
import type { AnswerProgress } from '../progress/answerProgress';
import type { StreamState } from '../progress/useSessionProgress';

export function AnalysisPanel({
  answerId,
  progress,
  stream,
  busy,
  hideFollowUp,
  onTakeFollowUp,
}: {
  answerId: string;
  progress: AnswerProgress;
  stream: StreamState;
  /** Recording or uploading: the follow-up cannot be taken up now. */
  busy: boolean;
  /** Whether a follow-up already in the session needs no offer. */
  hideFollowUp: (question: Question) => boolean;
  onTakeFollowUp: (question: Question) => void;
}) {
  const analysed = progress.analysisStatus === 'completed' || progress.analysisStatus === 'partial';
  return (
    <>
      <AnalysisStages progress={progress} />
      {stream === 'reconnecting' && <p className="muted">Live updates paused: reconnecting…</p>}
      <p>
        <Link to={`/answers/${answerId}/report`}>Open the report for this answer</Link>
      </p>
      {analysed && (
        <FollowUpOffer key={answerId} answerId={answerId} disabled={busy} hidden={hideFollowUp} onTake={onTakeFollowUp} />
      )}
    </>
  );
}
