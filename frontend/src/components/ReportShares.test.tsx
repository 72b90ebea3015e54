import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeApi, ok, okPage } from '../test/fakeApi';
import { FakeWebSocket } from '../test/fakeWebSocket';
import { ANSWER_ID, USER, partialReport } from '../test/fixtures';
import { renderApp } from '../test/renderApp';

const signedIn = { 'GET /api/auth/csrf/': ok({ csrf_token: 't' }), 'GET /api/auth/me/': ok(USER) };
const REPORT = `GET /api/answers/${ANSWER_ID}/report/`;
const SHARES = `/api/answers/${ANSWER_ID}/shares/`;
const OLD = { id: 3, created_at: '2026-11-01T10:00:00Z', revoked_at: null, is_active: true };
const URL = 'http://localhost/shared/s3cr3t-token';

describe('ReportShares on the answer report', () => {
  beforeEach(() => FakeWebSocket.install());

  it('creates a link and shows its URL once', async () => {
    // given
    const { requests } = fakeApi({
      ...signedIn,
      [REPORT]: ok(partialReport()),
      [`GET ${SHARES}`]: okPage([]),
      [`POST ${SHARES}create/`]: ok({ id: 4, created_at: '2026-12-01T10:00:00Z', revoked_at: null, is_active: true, url: URL }, 201),
    });
    renderApp(`/answers/${ANSWER_ID}/report`);
    await userEvent.click(await screen.findByRole('button', { name: 'Share…' }));
    await screen.findByText('No active links.');
    // when
    await userEvent.click(screen.getByRole('button', { name: 'Create a link' }));
    // then
    expect(((await screen.findByLabelText('New share link')) as HTMLInputElement).value).toBe(URL);
    expect(within(screen.getByRole('list', { name: 'Active links' })).getAllByRole('listitem')).toHaveLength(1);
    expect(requests.filter((r) => r.method === 'POST' && r.path === `${SHARES}create/`)).toHaveLength(1);
  });

  it('revokes a link and removes it from the list', async () => {
    // given
    const { requests } = fakeApi({
      ...signedIn,
      [REPORT]: ok(partialReport()),
      [`GET ${SHARES}`]: okPage([OLD]),
      [`DELETE ${SHARES}3/`]: { status: 204 },
    });
    renderApp(`/answers/${ANSWER_ID}/report`);
    await userEvent.click(await screen.findByRole('button', { name: 'Share…' }));
    const list = await screen.findByRole('list', { name: 'Active links' });
    // when
    await userEvent.click(within(list).getByRole('button', { name: 'Revoke' }));
    // then
    await screen.findByText('No active links.');
    expect(screen.queryByRole('list', { name: 'Active links' })).toBeNull();
    expect(requests.some((r) => r.method === 'DELETE' && r.path === `${SHARES}3/`)).toBe(true);
  });
});
