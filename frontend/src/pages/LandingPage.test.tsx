import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, fakeApi, ok } from '../test/fakeApi';
import { renderApp } from '../test/renderApp';

describe('the signed-out home page', () => {
  it('says what the product does, shows a labelled sample report and offers sign-up and sign-in', async () => {
    // given
    const { requests } = fakeApi({
      'GET /api/auth/csrf/': ok({ csrf_token: 't' }),
      'GET /api/auth/me/': apiError(401, 'not_authenticated', 'Authentication credentials were not provided.'),
    });
    // when
    const { router } = renderApp('/');
    // then
    const heading = await screen.findByRole('heading', { level: 1, name: /Practise job interviews on camera/ });
    const intro = heading.closest('section') as HTMLElement;
    expect(intro.textContent).toMatch(/speech, voice, face and the content/);
    expect(intro.textContent).toMatch(/10 dimensions/);
    expect(intro.textContent).toMatch(/Coaches can review/);
    expect(within(intro).getByRole('link', { name: 'Sign up' }).getAttribute('href')).toBe('/signup');
    expect(within(intro).getByRole('link', { name: 'Sign in' }).getAttribute('href')).toBe('/signin');
    const sample = screen.getByRole('region', { name: /Sample report/ });
    expect(sample.textContent).toContain('example, not real data');
    expect(within(sample).getByRole('img', { name: /Scores on the ten dimensions/ })).toBeTruthy();
    expect(within(sample).getAllByRole('listitem').filter((li) => li.closest('[aria-label="Sample scores"]'))).toHaveLength(10);
    expect(within(sample).getByText(/Why these scores/)).toBeTruthy();
    expect(within(sample).getAllByText(/Advice:/)).toHaveLength(2);
    expect(router.state.location.pathname).toBe('/');
    expect(requests.some((r) => r.path.startsWith('/api/sessions') || r.path.startsWith('/api/progress'))).toBe(false);
  });

  it('does not ask who is signed in when the session cookie signs nobody in (no 401 in the console)', async () => {
    // given: the server says this browser's session signs nobody in
    const { requests } = fakeApi({ 'GET /api/auth/csrf/': ok({ csrf_token: 't', signed_in: false }) });
    // when
    renderApp('/');
    // then: the visitor sees the landing page, and /me/ (401 for a visitor) was never asked
    await screen.findByRole('heading', { level: 1, name: /Practise job interviews on camera/ });
    expect(requests.map((r) => r.path)).not.toContain('/api/auth/me/');
  });
});
