import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiError, fakeApi, ok, okPage } from '../test/fakeApi';
import { USER } from '../test/fixtures';
import { renderApp } from '../test/renderApp';

const signedOut = {
  'GET /api/auth/csrf/': ok({ csrf_token: 't' }),
  'GET /api/auth/me/': apiError(401, 'not_authenticated', 'Authentication credentials were not provided.'),
};

describe('signing in and up', () => {
  it('sends a signed-out visitor to sign in, then back to the page they wanted', async () => {
    // given
    document.cookie = 'csrftoken=rotated-token';
    const { requests } = fakeApi({ ...signedOut, 'POST /api/auth/login/': ok(USER), 'GET /api/sessions/': okPage([]), 'GET /api/progress/': okPage([]) });
    const { router } = renderApp('/account');
    // when
    await screen.findByRole('heading', { name: 'Sign in' });
    const redirected = router.state.location;
    await userEvent.type(screen.getByLabelText('Username'), 'ada');
    await userEvent.type(screen.getByLabelText('Password'), 'a-long-pass-phrase');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    // then
    expect(redirected.pathname + redirected.search).toBe('/signin?next=%2Faccount');
    expect(await screen.findByRole('heading', { name: 'Your account' })).toBeTruthy();
    const login = requests.find((r) => r.path === '/api/auth/login/');
    expect(login?.body).toEqual({ username: 'ada', password: 'a-long-pass-phrase' });
    expect(login?.headers['X-CSRFToken']).toBe('rotated-token');
  });

  it('shows a wrong password as an alert and stays on the form', async () => {
    fakeApi({ ...signedOut, 'POST /api/auth/login/': apiError(400, 'invalid_credentials', 'Wrong username or password.') });
    renderApp('/signin');
    await userEvent.type(await screen.findByLabelText('Username'), 'ada');
    await userEvent.type(screen.getByLabelText('Password'), 'nope');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Wrong username or password.');
  });

  it("puts the server's reasons next to the sign-up fields they concern", async () => {
    // given
    fakeApi({
      ...signedOut,
      'POST /api/auth/signup/': apiError(400, 'invalid', 'password: This password is too common.', { password: ['This password is too common.'] }),
    });
    renderApp('/signup');
    // when
    await userEvent.type(await screen.findByLabelText('Username'), 'ada');
    await userEvent.type(screen.getByLabelText('Password'), 'password');
    await userEvent.click(screen.getByRole('button', { name: 'Create account' }));
    // then
    const password = screen.getByLabelText('Password');
    await screen.findByText('This password is too common.');
    expect(password.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(password.getAttribute('aria-describedby') ?? '')?.textContent).toBe('This password is too common.');
  });
});

describe('an expired session', () => {
  it('is announced with a way to sign in again when an API call finds the sign-in gone', async () => {
    // given
    fakeApi({
      'GET /api/auth/csrf/': ok({ csrf_token: 't' }),
      'GET /api/auth/me/': ok(USER),
      'GET /api/sessions/': apiError(401, 'not_authenticated', 'Authentication credentials were not provided.'),
      'GET /api/progress/': okPage([]),
    });
    // when
    renderApp('/');
    // then
    const banner = await screen.findByText('Your session has expired.');
    expect(banner.closest('[role="alert"]')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Sign in again' }).getAttribute('href')).toBe('/signin?next=%2F');
  });
});
