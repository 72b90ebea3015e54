import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi, ok } from '../test/fakeApi';
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
