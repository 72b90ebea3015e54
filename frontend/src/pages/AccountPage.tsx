import { useState, type FormEvent } from 'react';
import { auth } from '../api/endpoints';
import { getPath } from '../api/paths';
import { useAuth } from '../auth/AuthContext';
import { ErrorAlert, Notice } from '../components/Feedback';

/** Change the password: the current one is asked again, as a signed-in browser left open must
 * not be enough to take the account over. The server keeps this browser signed in, signs out
 * every other device and revokes every API token, so the page says so. */
function ChangePassword() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeated, setRepeated] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<number | null>(null);
  const mismatch = repeated !== '' && repeated !== next;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (mismatch) return;
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const result = await auth.changePassword({ current_password: current, new_password: next });
      setDone(result.tokens_revoked);
      setCurrent('');
      setNext('');
      setRepeated('');
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="password-heading" className="password-change">
      <h2 id="password-heading">Change password</h2>
      <p>Other devices are signed out and every API token stops working; this browser stays signed in.</p>
      {error !== null && <ErrorAlert error={error} />}
      {done !== null && (
        <Notice tone="success">
          Your password was changed.{done > 0 && ` ${done} API token${done === 1 ? ' was' : 's were'} revoked.`}
        </Notice>
      )}
      <form className="form" onSubmit={(event) => void submit(event)}>
        <div className="field">
          <label htmlFor="current-password">Current password</label>
          <input id="current-password" type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="new-password">New password</label>
          <input id="new-password" type="password" autoComplete="new-password" required value={next} onChange={(e) => setNext(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="repeat-password">New password again</label>
          <input
            id="repeat-password"
            type="password"
            autoComplete="new-password"
            required
            value={repeated}
            aria-invalid={mismatch}
            aria-describedby={mismatch ? 'repeat-password-error' : undefined}
            onChange={(e) => setRepeated(e.target.value)}
          />
          {mismatch && (
            <p id="repeat-password-error" className="field-error">
              The two new passwords differ.
            </p>
          )}
        </div>
        <button type="submit" className="button button-primary" disabled={busy || mismatch}>
          {busy ? 'Changing…' : 'Change password'}
        </button>
      </form>
    </section>
  );
}

function DeleteMyData({ username, onDeleted }: { username: string; onDeleted: () => void }) {
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await auth.deleteMyData();
      onDeleted();
    } catch (reason) {
      setError(reason);
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="delete-heading" className="danger-zone">
      <h2 id="delete-heading">Delete my data</h2>
      <p>
        This deletes your account, every session, every recording and every report, at once and for good. It cannot
        be undone.
      </p>
      {error !== null && <ErrorAlert error={error} />}
      <form className="form" onSubmit={(event) => void submit(event)}>
        <div className="field">
          <label htmlFor="confirm-username">
            Type your username, <strong>{username}</strong>, to confirm
          </label>
          <input id="confirm-username" autoComplete="off" value={typed} onChange={(e) => setTyped(e.target.value)} />
        </div>
        <button type="submit" className="button button-danger" disabled={busy || typed !== username}>
          {busy ? 'Deleting…' : 'Delete my account and all my data'}
        </button>
      </form>
    </section>
  );
}

/** The data export (GET /api/auth/me/export/): a plain link, so the browser downloads the ZIP
 * itself with the session cookie, however large it is. */
function DownloadMyData() {
  return (
    <section aria-labelledby="export-heading">
      <h2 id="export-heading">Download my data</h2>
      <p>
        A ZIP file with everything the platform holds about you: your sessions, answers, reports and coaches&rsquo;
        reviews as JSON, with your recordings and résumés. Secrets such as passwords and token keys are left out.
      </p>
      <a className="button button-secondary" href={getPath('/api/auth/me/export/')} download>
        Download my data (ZIP)
      </a>
    </section>
  );
}

export function AccountPage() {
  const { user, forget } = useAuth();
  if (!user) return null;

  return (
    <div className="narrow">
      <h1>Your account</h1>
      <dl className="facts">
        <dt>Username</dt>
        <dd>{user.username}</dd>
        <dt>Email</dt>
        <dd>{user.email || 'none given'}</dd>
      </dl>
      <ChangePassword />
      <DownloadMyData />
      <DeleteMyData username={user.username} onDeleted={forget} />
    </div>
  );
}
