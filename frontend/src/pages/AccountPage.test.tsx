import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiError, fakeApi, ok } from '../test/fakeApi';
import { USER } from '../test/fixtures';
import { renderApp } from '../test/renderApp';

describe('AccountPage', () => {
  it('deletes my data only once I type my username, then signs me out', async () => {
    // given
    const { requests } = fakeApi({
      'GET /api/auth/csrf/': ok({ csrf_token: 't' }),
      'GET /api/auth/me/': ok(USER),
      'DELETE /api/auth/me/': ok(undefined, 204),
    });
    const { router } = renderApp('/account');
    const button = await screen.findByRole('button', { name: 'Delete my account and all my data' });
    const disabledAtFirst = (button as HTMLButtonElement).disabled;
    // when
    await userEvent.type(screen.getByLabelText(/Type your username/), 'ada');
    await userEvent.click(button);
    // then
    expect(disabledAtFirst).toBe(true);
    expect(await screen.findByText('Your account and all its data were deleted.')).toBeTruthy();
    expect(router.state.location.pathname).toBe('/signin');
    expect(requests.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual(['/api/auth/me/']);
  });
});

describe('AccountPage data export', () => {
  it('offers my data as a download of the export API', async () => {
    // given
    fakeApi({ 'GET /api/auth/csrf/': ok({ csrf_token: 't' }), 'GET /api/auth/me/': ok(USER) });
    // when
    renderApp('/account');
    // then
    const link = await screen.findByRole('link', { name: 'Download my data (ZIP)' });
    expect(link.getAttribute('href')).toBe('/api/auth/me/export/');
    expect(link.hasAttribute('download')).toBe(true);
  });
});

describe('AccountPage password change', () => {
  async function fillIn(current: string, next: string, repeated = next) {
    await userEvent.type(await screen.findByLabelText('Current password'), current);
    await userEvent.type(screen.getByLabelText('New password'), next);
    await userEvent.type(screen.getByLabelText('New password again'), repeated);
  }

  it('sends the current and the new password and says what else changed', async () => {
    // given
    const { requests } = fakeApi({
      'GET /api/auth/csrf/': ok({ csrf_token: 't' }),
      'GET /api/auth/me/': ok(USER),
      'POST /api/auth/password/': ok({ tokens_revoked: 2 }),
    });
    renderApp('/account');
    // when
    await fillIn('old-secret', 'a-new-Passphrase-42');
    await userEvent.click(screen.getByRole('button', { name: 'Change password' }));
    // then
    expect(await screen.findByText(/Your password was changed\. 2 API tokens were revoked\./)).toBeTruthy();
    const sent = requests.filter((r) => r.path === '/api/auth/password/');
    expect(sent.map((r) => [r.method, r.body])).toEqual([
      ['POST', { current_password: 'old-secret', new_password: 'a-new-Passphrase-42' }],
    ]);
    expect((screen.getByLabelText('Current password') as HTMLInputElement).value).toBe('');
  });

  it('shows the refusal of a wrong current password', async () => {
    // given
    fakeApi({
      'GET /api/auth/csrf/': ok({ csrf_token: 't' }),
      'GET /api/auth/me/': ok(USER),
      'POST /api/auth/password/': apiError(400, 'wrong_password', 'Your current password is wrong.'),
    });
    renderApp('/account');
    // when
    await fillIn('not-it', 'a-new-Passphrase-42');
    await userEvent.click(screen.getByRole('button', { name: 'Change password' }));
    // then
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Your current password is wrong.');
  });

  it('does not send two new passwords that differ', async () => {
    // given
    const { requests } = fakeApi({
      'GET /api/auth/csrf/': ok({ csrf_token: 't' }),
      'GET /api/auth/me/': ok(USER),
    });
    renderApp('/account');
    // when
    await fillIn('old-secret', 'a-new-Passphrase-42', 'a-new-Passphrase-43');
    // then
    expect(screen.getByText('The two new passwords differ.')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Change password' }) as HTMLButtonElement).disabled).toBe(true);
    expect(requests.some((r) => r.path === '/api/auth/password/')).toBe(false);
  });
});
