import { useState, type FormEvent } from 'react';
import { auth } from '../api/endpoints';
import { useAuth } from '../auth/AuthContext';
import { ErrorAlert } from '../components/Feedback';

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
      <form className="form" onSubmit={submit}>
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
      <DeleteMyData username={user.username} onDeleted={forget} />
    </div>
  );
}
