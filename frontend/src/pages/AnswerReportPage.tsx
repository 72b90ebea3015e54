import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { answers } from '../api/endpoints';
import { DIMENSIONS, type AnswerReport, type AnswerTake } from '../api/types';
import { RadarChart } from '../charts/RadarChart';
import { AnalysisStages } from '../components/AnalysisStages';
import { PdfDownloadLink, reportPdfUrls } from '../components/PdfDownloadLink';
import { PrintButton } from '../components/PrintButton';
import { ReportShares } from '../components/ReportShares';
import { ErrorAlert, Loading, Notice } from '../components/Feedback';
import { FollowUpOffer } from '../components/FollowUpOffer';
import { OverallScore } from '../components/OverallScore';
import { ScoreCard } from '../components/ScoreCard';
import { takeCountNote } from '../components/takes';
import { TimelinesSection } from '../components/TimelinesSection';
import { Transcript } from '../components/Transcript';
import { useResource } from '../hooks/useResource';
import { isAnalysisDone, progressFromAnswer } from '../progress/answerProgress';
import { useSessionProgress } from '../progress/useSessionProgress';
import { showPosterFrame } from '../recording/posterFrame';
import { ANALYSIS_STATUS_LABELS, DIMENSION_LABELS, STAGE_LABELS } from '../text/labels';
import { formatScore } from '../text/format';

function MissingParts({ report }: { report: AnswerReport }) {
  const failed = (report.stages ?? []).filter((run) => run.status === 'failed');
  const missing = DIMENSIONS.flatMap((dimension) => {
    const reason = report.missing[dimension];
    return reason ? [[dimension, reason] as const] : [];
  });
  if (report.analysis_status !== 'partial' && failed.length === 0 && missing.length === 0) return null;
  return (
    <Notice tone="warning">
      <p className="alert-title">Part of this answer could not be analysed; everything else is shown.</p>
      <ul>
        {failed.map((run) => (
          <li key={run.stage}>
            {STAGE_LABELS[run.stage]}: {run.error || run.status}
          </li>
        ))}
        {missing.map(([dimension, reason]) => (
          <li key={dimension}>
            {DIMENSION_LABELS[dimension]}: {reason}
          </li>
        ))}
      </ul>
    </Notice>
  );
}

export function FeedbackSection({ feedback }: { feedback: AnswerReport['feedback'] }) {
  const { summary, strengths = [], improvements = [] } = feedback;
  return (
    <section aria-labelledby="feedback-heading" className="card">
      <h2 id="feedback-heading">Feedback</h2>
      <p>{summary}</p>
      <div className="two-columns">
        <div>
          <h3>What went well</h3>
          {strengths.length ? (
            <ul>
              {strengths.map((item) => (
                <li key={item}>{item}</li>
              ))}
            </ul>
          ) : (
            <p className="muted">Nothing stood out yet.</p>
          )}
        </div>
        <div>
          <h3>What to work on</h3>
          {improvements.length ? (
            <ul>
              {improvements.map((item) => (
                <li key={item}>{item}</li>
              ))}
            </ul>
          ) : (
            <p className="muted">Nothing to improve was found.</p>
          )}
        </div>
      </div>
    </section>
  );
}

export function KeyPointsSection({ coverage }: { coverage: AnswerReport['key_points'] }) {
  const { coverage_status: status, covered_count: covered, total, points } = coverage;
  return (
    <section aria-labelledby="key-points-heading" className="card">
      <h2 id="key-points-heading">Key points</h2>
      {status === 'no_key_points' && (
        <p className="muted">This question has no key points, so coverage is not scored.</p>
      )}
      {status === 'not_measured' && (
        <p className="muted">Which of these you covered could not be measured for this answer.</p>
      )}
      {status === 'scored' && (
        <p>
          You covered {covered} of {total} key {total === 1 ? 'point' : 'points'} a strong answer to this question
          makes.
        </p>
      )}
      {coverage.origin === 'bank' && coverage.origin_question && (
        <p className="muted">
          Your question came without key points, so it borrowed those of a question that asks the same thing:{' '}
          <q>{coverage.origin_question}</q>
        </p>
      )}
      {coverage.origin === 'llm' && (
        <p className="muted">Your question came without key points; these were written for it by the AI.</p>
      )}
      {points.length > 0 && (
        <ul className="key-points">
          {points.map((point) => (
            <li key={point.text} data-covered={point.covered === null ? undefined : String(point.covered)}>
              {point.covered !== null && (
                <>
                  <span aria-hidden="true" className="key-point-mark">
                    {point.covered ? '✓' : '✗'}
                  </span>{' '}
                  <span className="visually-hidden">{point.covered ? 'Covered: ' : 'Not covered: '}</span>
                </>
              )}
              {point.text}
              {point.evidence && <q className="key-point-evidence muted">{point.evidence}</q>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function CoachReviewSection({ report, review }: { report: AnswerReport; review: NonNullable<AnswerReport['coach_review']> }) {
  const rated = DIMENSIONS.filter((dimension) => review.ratings[dimension]);
  const several = review.reviewer_count > 1;
  return (
    <section aria-labelledby="coach-heading" className="card">
      <h2 id="coach-heading">{several ? `Your coaches' review` : `Your coach's review`}</h2>
      {review.comments.map((comment) => (
        <blockquote key={`${comment.updated_at}-${comment.text}`} className="coach-comment">
          {comment.text}
        </blockquote>
      ))}
      {rated.length > 0 && (
        <table className="table">
          <caption className="visually-hidden">The coach's rating of each dimension beside the analysis' score</caption>
          <thead>
            <tr>
              <th scope="col">Dimension</th>
              <th scope="col">{several ? 'Coaches (mean)' : 'Coach'}</th>
              <th scope="col">Analysis</th>
            </tr>
          </thead>
          <tbody>
            {rated.map((dimension) => (
              <tr key={dimension}>
                <th scope="row">{DIMENSION_LABELS[dimension]}</th>
                <td>{formatScore(review.ratings[dimension]?.score)}</td>
                <td>{formatScore(report.scores[dimension])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Also the shared report's (SharedReportPage), which has these fields and no others. */
export function ScoresSection({
  report,
}: {
  report: Pick<AnswerReport, 'scores' | 'missing' | 'notes' | 'explanations' | 'baselines' | 'feature_labels'>;
}) {
  return (
    <section aria-labelledby="scores-heading">
      <h2 id="scores-heading">Scores</h2>
      <div className="radar-wrap">
        <RadarChart scores={report.scores} />
      </div>
      <div className="score-grid">
        {DIMENSIONS.map((dimension) => (
          <ScoreCard
            key={dimension}
            dimension={dimension}
            score={report.scores[dimension] ?? null}
            missingReason={report.missing[dimension]}
            note={report.notes?.[dimension]}
            contributions={report.explanations[dimension]}
            baseline={report.baselines[dimension] ?? undefined}
            featureLabels={report.feature_labels}
          />
        ))}
      </div>
    </section>
  );
}

function RecordingSection({ report }: { report: AnswerReport }) {
  const media = useRef<HTMLVideoElement & HTMLAudioElement>(null);
  const [time, setTime] = useState(0);
  const duration = report.media.duration_s ?? 0;

  const seek = (seconds: number) => {
    if (!media.current) return;
    media.current.currentTime = seconds;
    media.current.play().catch(() => undefined);
  };

  const player = {
    ref: media,
    src: answers.recordingUrl(report.answer_id),
    controls: true,
    preload: 'metadata',
    onLoadedMetadata: showPosterFrame,
    onTimeUpdate: () => setTime(media.current?.currentTime ?? 0),
  } as const;

  return (
    <>
      <section aria-labelledby="recording-heading" className="recording-grid">
        <div>
          <h2 id="recording-heading">Your recording</h2>
          {report.recording_expired_at ? (
            <p role="note">
              This recording was deleted on {new Date(report.recording_expired_at).toLocaleDateString()}, as the
              platform keeps recordings for a limited time. Its transcript and scores are kept.
            </p>
          ) : report.media.has_video ? (
            <video {...player} className="player" playsInline aria-label="Your recorded answer" />
          ) : (
            <audio {...player} className="player" aria-label="Your recorded answer" />
          )}
        </div>
        <div>
          <h2 id="transcript-heading">Transcript</h2>
          <Transcript
            words={report.transcript.words}
            markers={report.markers}
            currentTimeS={time}
            onSeek={seek}
          />
        </div>
      </section>
      <TimelinesSection timelines={report.timelines} durationS={duration} playheadS={time} />
    </>
  );
}

/** Which take this is, whether it counts, and links to the question's other takes. */
function TakeLine({ report }: { report: AnswerReport }) {
  const current: AnswerTake = {
    answer_id: report.answer_id,
    take: report.take,
    is_counted_take: report.is_counted_take,
    analysis_status: report.analysis_status,
  };
  const takes = report.takes.length > 0 ? report.takes : [current];
  const counted = takes.find((take) => take.is_counted_take);
  return (
    <>
      <p className="take-line">
        Take {report.take}
        {takes.length > 1 && ` of ${takes.length}`} · {takeCountNote(current, takes)}
        {counted && counted.answer_id !== report.answer_id && (
          <>
            {' · '}
            <Link to={`/answers/${counted.answer_id}/report`}>See take {counted.take}, which counts</Link>
          </>
        )}
      </p>
      {takes.length > 1 && (
        <nav aria-label="Takes of this question">
          <ul className="chips">
            {takes.map((take) => (
              <li key={take.answer_id} className="chip">
                {take.answer_id === report.answer_id ? (
                  <span aria-current="page">Take {take.take}</span>
                ) : (
                  <Link to={`/answers/${take.answer_id}/report`}>Take {take.take}</Link>
                )}
                {take.is_counted_take && ' (counted)'}
              </li>
            ))}
          </ul>
        </nav>
      )}
    </>
  );
}

function FullReport({ report }: { report: AnswerReport }) {
  return (
    <>
      <MissingParts report={report} />
      {report.coach_review && <CoachReviewSection report={report} review={report.coach_review} />}
      {report.feedback.summary && <FeedbackSection feedback={report.feedback} />}
      <KeyPointsSection coverage={report.key_points} />
      <ScoresSection report={report} />
      <RecordingSection report={report} />
    </>
  );
}

export function AnswerReportPage() {
  const { answerId = '' } = useParams();
  const navigate = useNavigate();
  const { data: report, error, loading, reload } = useResource(() => answers.report(answerId), answerId);
  const waiting = report !== null && !isAnalysisDone(report.analysis_status);
  const { progress } = useSessionProgress(waiting ? report.session_id : undefined);
  const live = progress[answerId] ?? (report ? progressFromAnswer({ ...report, stages: report.stages ?? [] }) : null);
  const finishedLive = live !== null && isAnalysisDone(live.analysisStatus);

  useEffect(() => {
    if (waiting && finishedLive) reload();
  }, [waiting, finishedLive, reload]);

  if (loading && !report) return <Loading label="Loading the report…" />;
  if (error !== null || !report || !live) return <ErrorAlert error={error} onRetry={reload} />;

  return (
    <>
      <div className="page-heading">
        <div>
          <h1>Answer report</h1>
          <p className="question-quote">{report.question.text}</p>
          <p className="muted">{ANALYSIS_STATUS_LABELS[report.analysis_status]}</p>
          <TakeLine report={report} />
        </div>
        {isAnalysisDone(report.analysis_status) && report.analysis_status !== 'failed' && (
          <OverallScore score={report.scores.overall} />
        )}
      </div>
      <p className="crumbs">
        <Link to={`/sessions/${report.session_id}/report`}>Session report</Link> ·{' '}
        <Link to={`/sessions/${report.session_id}/interview?question=${report.question.id}`}>Back to the interview room</Link>
      </p>
      <div className="report-actions no-print">
        <PrintButton />
        {(report.analysis_status === 'completed' || report.analysis_status === 'partial') && (
          <PdfDownloadLink href={reportPdfUrls.answer(report.answer_id)} />
        )}
        <ReportShares answerId={report.answer_id} />
      </div>
      {waiting && (
        <>
          <Notice>Your answer is being analysed. This page fills in when it is done.</Notice>
          <AnalysisStages progress={live} />
        </>
      )}
      {report.analysis_status === 'failed' && (
        <>
          <ErrorAlert title="The analysis of this answer failed." error={new Error(report.analysis_error || 'No reason was given.')} />
          <AnalysisStages progress={live} />
        </>
      )}
      {(report.analysis_status === 'completed' || report.analysis_status === 'partial') && (
        <FollowUpOffer
          answerId={report.answer_id}
          onTake={(followUp) => void navigate(`/sessions/${report.session_id}/interview?question=${followUp.id}`)}
        />
      )}
      {(report.analysis_status === 'completed' || report.analysis_status === 'partial') && <FullReport report={report} />}
    </>
  );
}
