// A report read through a share link (/shared/:token): public, read-only. It shows what the
// server sends a link's reader (SharedAnswerReport): the analysis, never the recording, a
// coach's review, or links into the candidate's account.
import { useParams } from 'react-router';
import { ApiError } from '../api/client';
import { shared } from '../api/endpoints';
import type { SharedAnswerReport } from '../api/types';
import { TimelineChart } from '../charts/TimelineChart';
import { ErrorAlert, Loading, Notice } from '../components/Feedback';
import { PdfDownloadLink, reportPdfUrls } from '../components/PdfDownloadLink';
import { PrintButton } from '../components/PrintButton';
import { Transcript } from '../components/Transcript';
import { useResource } from '../hooks/useResource';
import { formatScore } from '../text/format';
import { FeedbackSection, KeyPointsSection, ScoresSection } from './AnswerReportPage';

const percent = (value: number) => `${Math.round(value * 100)}%`;

function Timelines({ report }: { report: SharedAnswerReport }) {
  const { pace_wpm: pace = [], pitch_hz: pitch = [], loudness_db: loudness = [], eye_contact: eyes = [] } =
    report.timelines;
  // No recording here, so its length is read off the series (their last point).
  const durationS = Math.max(0, ...[pace, pitch, loudness, eyes].flatMap((points) => points.map((point) => point.t)));
  if (pace.length + pitch.length + loudness.length + eyes.length === 0) return null;
  return (
    <section aria-labelledby="timelines-heading">
      <h2 id="timelines-heading">Over the answer</h2>
      <div className="timeline-grid">
        {pace.length > 0 && <TimelineChart title="Pace" unit="words per minute" points={pace} durationS={durationS} playheadS={0} />}
        {pitch.length > 0 && <TimelineChart title="Pitch" unit="Hz" points={pitch} durationS={durationS} playheadS={0} />}
        {eyes.length > 0 && (
          <TimelineChart title="Eye contact" unit="share of time" points={eyes} durationS={durationS} playheadS={0} range={[0, 1]} format={percent} />
        )}
        {loudness.length > 0 && <TimelineChart title="Loudness" unit="dB" points={loudness} durationS={durationS} playheadS={0} />}
      </div>
    </section>
  );
}

export function SharedReportPage() {
  const { token = '' } = useParams();
  const { data: report, error, loading, reload } = useResource(() => shared.report(token), token);

  if (loading && !report) return <Loading label="Loading the shared report…" />;
  if (error instanceof ApiError && error.status === 404) {
    return (
      <>
        <h1>Shared report</h1>
        <Notice tone="warning">This link does not work: it was mistyped, or its owner revoked it.</Notice>
      </>
    );
  }
  if (error !== null || !report) return <ErrorAlert error={error} onRetry={reload} />;

  const analysed = report.analysis_status === 'completed' || report.analysis_status === 'partial';
  return (
    <>
      <div className="page-heading">
        <div>
          <h1>Shared answer report</h1>
          <p className="question-quote">{report.question.text}</p>
          <p className="muted">Shared read-only on {new Date(report.shared_at).toLocaleDateString()}.</p>
        </div>
        {analysed && (
          <p className="overall" aria-label={`Overall score ${formatScore(report.scores.overall)} out of 100`}>
            <span className="overall-number">{formatScore(report.scores.overall)}</span>
            <span className="muted">overall</span>
          </p>
        )}
      </div>
      <div className="report-actions no-print">
        <PrintButton />
        {analysed && <PdfDownloadLink href={reportPdfUrls.shared(token)} />}
      </div>
      {!analysed ? (
        <Notice>This answer's analysis is not finished yet.</Notice>
      ) : (
        <>
          {report.feedback.summary && <FeedbackSection feedback={report.feedback} />}
          <KeyPointsSection coverage={report.key_points} />
          <ScoresSection report={report} />
          <section aria-labelledby="transcript-heading">
            <h2 id="transcript-heading">Transcript</h2>
            <Transcript words={report.transcript.words} markers={report.markers} currentTimeS={-1} onSeek={() => undefined} />
          </section>
          <Timelines report={report} />
        </>
      )}
    </>
  );
}
