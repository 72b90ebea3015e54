import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { sessions } from '../api/endpoints';
import { DIMENSIONS, type SessionReport, type SessionReportAnswer } from '../api/types';
import { RadarChart } from '../charts/RadarChart';
import { ErrorAlert, Loading } from '../components/Feedback';
import { OverallScore } from '../components/OverallScore';
import { PdfDownloadLink, reportPdfUrls } from '../components/PdfDownloadLink';
import { PrintButton } from '../components/PrintButton';
import { groupTakes, takeCountNote } from '../components/takes';
import { useResource } from '../hooks/useResource';
import { ANALYSIS_STATUS_LABELS, DIMENSION_LABELS } from '../text/labels';
import { formatScore } from '../text/format';

/** How a dimension moved from answer to answer (none with fewer than two scored answers). */
const TREND_ARROWS = { improving: '↗', declining: '↘', steady: '→' };

function DimensionTable({ report }: { report: SessionReport }) {
  return (
    <table className="table">
      <caption className="visually-hidden">Mean score per dimension across this session's answers</caption>
      <thead>
        <tr>
          <th scope="col">Dimension</th>
          <th scope="col">Mean</th>
          <th scope="col">Across the answers</th>
        </tr>
      </thead>
      <tbody>
        {DIMENSIONS.map((dimension) => {
          const summary = report.dimensions[dimension];
          const trend = summary?.trend ?? null;
          return (
            <tr key={dimension}>
              <th scope="row">{DIMENSION_LABELS[dimension]}</th>
              <td>{formatScore(summary?.mean)}</td>
              <td>
                {trend === null ? (
                  '–'
                ) : (
                  <>
                    <span aria-hidden="true">{TREND_ARROWS[trend]} </span>
                    {trend}
                  </>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function TakeRow({ answer, takes }: { answer: SessionReportAnswer; takes: SessionReportAnswer[] }) {
  const several = takes.length > 1;
  const name = several ? `take ${answer.take} of “${answer.question_text}”` : `“${answer.question_text}”`;
  return (
    <li className={`session-row${answer.is_counted_take ? '' : ' take-not-counted'}`} data-counted={String(answer.is_counted_take)}>
      <p className="muted">
        {several && (
          <>
            <strong>Take {answer.take}</strong> · {takeCountNote(answer, takes)} ·{' '}
          </>
        )}
        {ANALYSIS_STATUS_LABELS[answer.analysis_status]} · overall {formatScore(answer.scores.overall)}
      </p>
      <Link className="button button-secondary" to={`/answers/${answer.answer_id}/report`}>
        Open<span className="visually-hidden"> the report for {name}</span>
      </Link>
    </li>
  );
}

/** One question with its takes: the counted one first, then the others in recording order. */
function QuestionTakes({ questionText, takes }: { questionText: string; takes: SessionReportAnswer[] }) {
  const ordered = [...takes.filter((take) => take.is_counted_take), ...takes.filter((take) => !take.is_counted_take)];
  return (
    <li className="question-takes">
      <p className="session-title">{questionText}</p>
      <ul className="answer-list">
        {ordered.map((answer) => (
          <TakeRow key={answer.answer_id} answer={answer} takes={takes} />
        ))}
      </ul>
    </li>
  );
}

function DeleteSession({ sessionId }: { sessionId: string }) {
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const remove = async () => {
    if (!window.confirm('Delete this session with its recordings and reports? This cannot be undone.')) return;
    try {
      await sessions.remove(sessionId);
      await navigate('/');
    } catch (reason) {
      setError(reason);
    }
  };
  return (
    <section aria-labelledby="delete-session-heading" className="danger-zone">
      <h2 id="delete-session-heading">Delete this session</h2>
      {error !== null && <ErrorAlert error={error} />}
      <button type="button" className="button button-danger" onClick={() => void remove()}>
        Delete the session and its recordings
      </button>
    </section>
  );
}

export function SessionReportPage() {
  const { sessionId = '' } = useParams();
  const { data: report, error, loading, reload } = useResource(() => sessions.report(sessionId), sessionId);

  if (loading && !report) return <Loading label="Loading the session report…" />;
  if (error !== null || !report) return <ErrorAlert error={error} onRetry={reload} />;

  const means = Object.fromEntries(DIMENSIONS.map((d) => [d, report.dimensions[d]?.mean ?? null]));

  return (
    <>
      <div className="page-heading">
        <h1>Session report</h1>
        <OverallScore score={report.overall} />
      </div>
      <p className="crumbs">
        <Link to={`/sessions/${sessionId}/interview`}>Back to the interview room</Link>
      </p>
      <div className="report-actions no-print">
        <PrintButton />
        {report.answer_count > 0 && <PdfDownloadLink href={reportPdfUrls.session(sessionId)} />}
      </div>
      {report.summary && <p className="question-quote">{report.summary}</p>}
      {report.top_improvements.length > 0 && (
        <section aria-labelledby="improve-heading" className="card">
          <h2 id="improve-heading">Work on these first</h2>
          <ol>
            {report.top_improvements.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ol>
        </section>
      )}
      <section aria-labelledby="dimensions-heading">
        <h2 id="dimensions-heading">Across your answers</h2>
        <div className="two-columns">
          <div className="radar-wrap">
            <RadarChart scores={means} />
          </div>
          <DimensionTable report={report} />
        </div>
      </section>
      <section aria-labelledby="answers-heading">
        <h2 id="answers-heading">Answers</h2>
        {report.answers.length === 0 ? (
          <p className="muted">No answers have been recorded in this session yet.</p>
        ) : (
          <>
            <p className="muted">
              The scores above are over {report.answer_count} {report.answer_count === 1 ? 'answer' : 'answers'}: for a
              question you recorded again, the latest analysed take counts and earlier takes stay here to compare.
            </p>
            <ol className="answer-list">
              {groupTakes(report.answers).map(({ first, takes }) => (
                <QuestionTakes key={first.question_id} questionText={first.question_text} takes={takes} />
              ))}
            </ol>
          </>
        )}
      </section>
      <DeleteSession sessionId={sessionId} />
    </>
  );
}
