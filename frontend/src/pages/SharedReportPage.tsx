// A report read through a share link (/shared/:token): public, read-only. It shows what the
// server sends a link's reader (SharedAnswerReport): the analysis, never the recording, a
// coach's review, or links into the candidate's account.
import { useParams } from 'react-router';
import { ApiError } from '../api/client';
import { shared } from '../api/endpoints';
import { ErrorAlert, Loading, Notice } from '../components/Feedback';
import { PdfDownloadLink, reportPdfUrls } from '../components/PdfDownloadLink';
import { OverallScore } from '../components/OverallScore';
import { PrintButton } from '../components/PrintButton';
import { TimelinesSection, timelinesDuration } from '../components/TimelinesSection';
import { Transcript } from '../components/Transcript';
import { useResource } from '../hooks/useResource';
import { FeedbackSection, KeyPointsSection, ScoresSection } from './AnswerReportPage';

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
        {analysed && <OverallScore score={report.scores.overall} />}
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
          <TimelinesSection timelines={report.timelines} durationS={timelinesDuration(report.timelines)} />
        </>
      )}
    </>
  );
}
