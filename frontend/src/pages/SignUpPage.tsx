import { useState, type ChangeEvent, type FormEvent } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError, messageOf } from '../api/client';
import { useAuth } from '../auth/AuthContext';
import { ErrorAlert } from '../components/Feedback';
import { safeNext } from './SignInPage';

const FIELDS = ['username', 'email', 'password'] as const;
type Field = (typeof FIELDS)[number];

function fieldErrors(error: unknown): Partial<Record<Field, string>> {
  if (!(error instanceof ApiError)) return {};
  return Object.fromEntries(
    FIELDS.map((field) => [field, error.fieldMessages(field).join(' ')] as const).filter(([, text]) => text),
  );
}

export function SignUpPage() {
  const { status, signUp } = useAuth();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [values, setValues] = useState<Record<Field, string>>({ username: '', email: '', password: '' });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const next = safeNext(params.get('next'));

  if (status === 'signedIn') return <Navigate to={next} replace />;

  const errors = fieldErrors(error);
  const update = (field: Field) => (event: ChangeEvent<HTMLInputElement>) =>
    setValues((current) => ({ ...current, [field]: event.target.value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signUp(values.username, values.email, values.password);
      await navigate(next, { replace: true });
    } catch (reason) {
      setError(reason);
      setBusy(false);
    }
  };

  const described = (field: Field) => (errors[field] ? `${field}-error` : field === 'password' ? 'password-hint' : undefined);

  return (
    <div className="narrow">
      <h1>
        Create an account
      </h1>
      {error !== null && Object.keys(errors).length === 0 && <ErrorAlert error={error} />}
      {Object.keys(errors).length > 0 && (
        <div className="alert alert-error" role="alert">
          <p>{messageOf(error)}</p>
        </div>
      )}
      <form onSubmit={(event) => void submit(event)} className="form" noValidate>
        <div className="field">
          <label htmlFor="username">Username</label>
          <input id="username" autoComplete="username" required value={values.username} onChange={update('username')} aria-invalid={Boolean(errors.username)} aria-describedby={described('username')} />
          {errors.username && <p id="username-error" className="field-error">{errors.username}</p>}
        </div>
        <div className="field">
          <label htmlFor="email">
            Email <span className="muted">(optional)</span>
          </label>
          <input id="email" type="email" autoComplete="email" value={values.email} onChange={update('email')} aria-invalid={Boolean(errors.email)} aria-describedby={described('email')} />
          {errors.email && <p id="email-error" className="field-error">{errors.email}</p>}
        </div>
        <div className="field">
          <label htmlFor="password">Password</label>
          <input id="password" type="password" autoComplete="new-password" required value={values.password} onChange={update('password')} aria-invalid={Boolean(errors.password)} aria-describedby={described('password')} />
          {errors.password ? (
            <p id="password-error" className="field-error">{errors.password}</p>
          ) : (
            <p id="password-hint" className="muted">At least 8 characters, not only digits, not a common password.</p>
          )}
        </div>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Creating your account…' : 'Create account'}
        </button>
      </form>
      <p>
        Already have an account? <Link to="/signin">Sign in</Link>
      </p>
    </div>
  );
}
