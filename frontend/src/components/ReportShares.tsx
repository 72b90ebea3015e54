// The answer report's "Share" panel: make a read-only link for someone (a mentor, a friend),
// copy it, and revoke it when it should stop working. The link's URL is shown once, right
// after it is made: the server keeps only a hash of its token, so it cannot show it again.
import { useState } from 'react';
import { answers } from '../api/endpoints';
import type { ReportShare } from '../api/types';
import { ErrorAlert } from './Feedback';

export function ReportShares({ answerId }: { answerId: string }) {
  const [open, setOpen] = useState(false);
  const [shares, setShares] = useState<ReportShare[] | null>(null);
  const [newUrl, setNewUrl] = useState<{ id: number; url: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const openPanel = () => {
    setOpen(true);
    void run(async () => setShares(await answers.shares(answerId)));
  };

  const create = () =>
    run(async () => {
      const created = await answers.createShare(answerId);
      setNewUrl({ id: created.id, url: created.url });
      setShares((current) => [created, ...(current ?? [])]);
    });

  const revoke = (id: number) =>
    run(async () => {
      await answers.revokeShare(answerId, id);
      if (newUrl?.id === id) setNewUrl(null);
      setShares((current) => (current ?? []).filter((share) => share.id !== id));
    });

  if (!open) {
    return (
      <button type="button" className="button button-secondary no-print" onClick={openPanel}>
        Share…
      </button>
    );
  }

  const active = (shares ?? []).filter((share) => share.is_active);
  return (
    <section aria-labelledby="share-heading" className="card report-shares no-print">
      <h2 id="share-heading">Share this report</h2>
      <p className="muted">
        Anyone with a link can read this report's scores, feedback and transcript, without signing in. They never see
        your recording or a coach's review.
      </p>
      {error !== null && <ErrorAlert error={error} />}
      <button type="button" className="button button-primary" onClick={() => void create()} disabled={busy}>
        Create a link
      </button>
      {newUrl && (
        <p role="status">
          Your new link (copy it now; it is shown only once):{' '}
          <input className="share-url" readOnly value={newUrl.url} aria-label="New share link" onFocus={(e) => e.currentTarget.select()} />
        </p>
      )}
      {active.length > 0 ? (
        <ul className="share-list" aria-label="Active links">
          {active.map((share) => (
            <li key={share.id}>
              Link made {new Date(share.created_at).toLocaleString()}{' '}
              <button type="button" className="button button-danger" onClick={() => void revoke(share.id)} disabled={busy}>
                Revoke
              </button>
            </li>
          ))}
        </ul>
      ) : (
        shares !== null && <p className="muted">No active links.</p>
      )}
    </section>
  );
}
