// Small status blocks every page uses: loading, errors (with a retry), empty states.
import type { ReactNode } from 'react';
import { ApiError, NetworkError, messageOf } from '../api/client';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {label}
    </p>
  );
}

function explain(error: unknown): string {
  if (error instanceof NetworkError) return 'The server cannot be reached. Check your connection and try again.';
  if (error instanceof ApiError && error.status === 404) return 'This does not exist, or it is not yours.';
  return messageOf(error);
}

export function ErrorAlert({ error, onRetry, title }: { error: unknown; onRetry?: () => void; title?: string }) {
  return (
    <div className="alert alert-error" role="alert">
      {title && <p className="alert-title">{title}</p>}
      <p>{explain(error)}</p>
      {onRetry && (
        <button type="button" className="button button-secondary" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Notice({ tone = 'info', children }: { tone?: 'info' | 'warning' | 'success'; children: ReactNode }) {
  return <div className={`alert alert-${tone}`}>{children}</div>;
}
