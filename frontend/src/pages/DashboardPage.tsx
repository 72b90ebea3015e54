import { Link } from 'react-router';
import { progress, sessions } from '../api/endpoints';
import { DIMENSIONS, type ProgressEntry, type ScoreName, type SessionSummary } from '../api/types';
import { plural, TrendChart, trendSummary } from '../charts/TrendChart';
import { ErrorAlert, Loading } from '../components/Feedback';
import { useResource } from '../hooks/useResource';
import { DIMENSION_LABELS } from '../text/labels';
import { formatDate } from '../text/format';

const SESSION_STATUS_LABELS: Record<SessionSummary['status'], string> = {
  draft: 'Not started',
  in_progress: 'In progress',
  completed: 'Completed',
};

function ProgressGrid({ entries }: { entries: ProgressEntry[] }) {
  const names: ScoreName[] = ['overall', ...DIMENSIONS];
  return (
    <div className="trend-grid">
      {names.map((name) => (
        <TrendChart key={name} title={DIMENSION_LABELS[name]} values={entries.map((entry) => entry.scores[name] ?? null)} />
      ))}
    </div>
  );
}

/** What to work on next. Rule: the dimension (overall excluded) with the lowest latest known
 * score; a tie goes to the dimension listed first. Null when no dimension has a score. */
function workOnNext(entries: ProgressEntry[]): { name: ScoreName; score: number } | null {
  let best: { name: ScoreName; score: number } | null = null;
  for (const name of DIMENSIONS) {
    const { latest } = trendSummary(entries.map((entry) => entry.scores[name] ?? null));
    if (latest !== null && (best === null || latest < best.score)) best = { name, score: latest };
  }
  return best;
}

function WorkOnNext({ entries }: { entries: ProgressEntry[] }) {
  const next = workOnNext(entries);
  if (next === null) return null;
  return (
    <p className="work-next">
      <strong className="work-next-label">Work on next:</strong>{' '}
      <span className="work-next-name">{DIMENSION_LABELS[next.name]}</span>{' '}
      <span className="muted">(latest score {next.score}, your lowest)</span>
    </p>
  );
}

function ProgressSection() {
  const { data, error, loading, reload } = useResource(progress.list, 'progress');
  // The API lists sessions oldest first; sort anyway, since every chart reads left to right in time.
  const analysed = (data ?? [])
    .filter((entry) => entry.scores.overall !== null && entry.scores.overall !== undefined)
    .sort((a, b) => a.created_at.localeCompare(b.created_at));
  const answerCount = analysed.reduce((sum, entry) => sum + entry.answer_count, 0);
  return (
    <section aria-labelledby="progress-heading">
      <h2 id="progress-heading">Your progress</h2>
      {loading && <Loading label="Loading your progress…" />}
      {!loading && error !== null && <ErrorAlert error={error} onRetry={reload} />}
      {!loading && data && analysed.length === 0 && (
        <p className="muted">Your scores per dimension appear here once an answer has been analysed.</p>
      )}
      {!loading && analysed.length > 0 && (
        <>
          <p className="muted">
            {plural(analysed.length, 'session', 'sessions')}, {plural(answerCount, 'answer', 'answers')}: a question
            you recorded again counts once, with its latest analysed take. Each chart shows the latest score and, in
            brackets, its change since the previous session.
          </p>
          <WorkOnNext entries={analysed} />
          <ProgressGrid entries={analysed} />
        </>
      )}
    </section>
  );
}

function SessionRow({ session }: { session: SessionSummary }) {
  return (
    <li className="session-row">
      <div>
        <p className="session-title">{session.target_role}</p>
        <p className="muted">
          {formatDate(session.created_at)} · {session.difficulty} · {SESSION_STATUS_LABELS[session.status]}
        </p>
      </div>
      <div className="row-actions">
        <Link className="button button-secondary" to={`/sessions/${session.id}/interview`}>
          {session.status === 'draft' ? 'Start' : 'Continue'}
          <span className="visually-hidden"> {session.target_role} from {formatDate(session.created_at)}</span>
        </Link>
        {session.status !== 'draft' && (
          <Link className="button button-secondary" to={`/sessions/${session.id}/report`}>
            Report<span className="visually-hidden"> for {session.target_role} from {formatDate(session.created_at)}</span>
          </Link>
        )}
      </div>
    </li>
  );
}

export function DashboardPage() {
  const { data, error, loading, reload } = useResource(sessions.list, 'sessions');
  return (
    <>
      <div className="page-heading">
        <h1>Your practice</h1>
        <Link className="button button-primary" to="/sessions/new">
          Start a new session
        </Link>
      </div>
      <ProgressSection />
      <section aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">Past sessions</h2>
        {loading && <Loading label="Loading your sessions…" />}
        {error !== null && <ErrorAlert error={error} onRetry={reload} />}
        {data && data.length === 0 && (
          <p className="muted">No sessions yet. Start one to practise your first answer.</p>
        )}
        {data && data.length > 0 && (
          <ul className="session-list">
            {data.map((session) => (
              <SessionRow key={session.id} session={session} />
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
