import { useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { answers } from '../api/endpoints';
import { DIMENSIONS, type AnswerReport } from '../api/types';
import { RadarChart } from '../charts/RadarChart';
import { TimelineChart } from '../charts/TimelineChart';
import { AnalysisStages } from '../components/AnalysisStages';
import { ErrorAlert, Loading, Notice } from '../components/Feedback';
import { ScoreCard } from '../components/ScoreCard';
import { Transcript } from '../components/Transcript';
import { useResource } from '../hooks/useResource';
import { isAnalysisDone, progressFromAnswer } from '../progress/answerProgress';
import { useSessionProgress } from '../progress/useSessionProgress';
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

function FeedbackSection({ feedback }: { feedback: AnswerReport['feedback'] }) {
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

function ScoresSection({ report }: { report: AnswerReport }) {
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
          />
        ))}
      </div>
    </section>
  );
}

const percent = (value: number) => `${Math.round(value * 100)}%`;

function RecordingSection({ report }: { report: AnswerReport }) {
  const media = useRef<HTMLVideoElement & HTMLAudioElement>(null);
  const [time, setTime] = useState(0);
  const duration = report.media.duration_s ?? 0;
  const { pace_wpm: pace = [], pitch_hz: pitch = [], loudness_db: loudness = [], eye_contact: eyes = [] } =
    report.timelines;

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
    onTimeUpdate: () => setTime(media.current?.currentTime ?? 0),
  } as const;

  return (
    <>
      <section aria-labelledby="recording-heading" className="recording-grid">
        <div>
          <h2 id="recording-heading">Your recording</h2>
          {report.media.has_video ? (
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
      {(pace.length > 0 || pitch.length > 0 || eyes.length > 0 || loudness.length > 0) && (
        <section aria-labelledby="timelines-heading">
          <h2 id="timelines-heading">Over the answer</h2>
          <div className="timeline-grid">
            {pace.length > 0 && <TimelineChart title="Pace" unit="words per minute" points={pace} durationS={duration} playheadS={time} />}
            {pitch.length > 0 && <TimelineChart title="Pitch" unit="Hz" points={pitch} durationS={duration} playheadS={time} />}
            {eyes.length > 0 && (
              <TimelineChart title="Eye contact" unit="share of time" points={eyes} durationS={duration} playheadS={time} range={[0, 1]} format={percent} />
            )}
            {loudness.length > 0 && <TimelineChart title="Loudness" unit="dB" points={loudness} durationS={duration} playheadS={time} />}
          </div>
        </section>
      )}
    </>
  );
}

function FullReport({ report }: { report: AnswerReport }) {
  return (
    <>
      <MissingParts report={report} />
      {report.feedback.summary && <FeedbackSection feedback={report.feedback} />}
      <ScoresSection report={report} />
      <RecordingSection report={report} />
    </>
  );
}

export function AnswerReportPage() {
  const { answerId = '' } = useParams();
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
        </div>
        {isAnalysisDone(report.analysis_status) && report.analysis_status !== 'failed' && (
          <p className="overall" aria-label={`Overall score ${formatScore(report.scores.overall)} out of 100`}>
            <span className="overall-number">{formatScore(report.scores.overall)}</span>
            <span className="muted">overall</span>
          </p>
        )}
      </div>
      <p className="crumbs">
        <Link to={`/sessions/${report.session_id}/report`}>Session report</Link> ·{' '}
        <Link to={`/sessions/${report.session_id}/interview?question=${report.question.id}`}>Back to the interview room</Link>
      </p>
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
      {(report.analysis_status === 'completed' || report.analysis_status === 'partial') && <FullReport report={report} />}
    </>
  );
}
