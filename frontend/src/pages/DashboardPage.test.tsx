import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeApi, ok, okPage } from '../test/fakeApi';
import { PROGRESS, SESSION_ID, USER, session } from '../test/fixtures';
import { renderApp } from '../test/renderApp';

describe('DashboardPage', () => {
  it('lists past sessions and charts each dimension across them', async () => {
    // given
    const { questions: _questions, answers: _answers, ...summary } = session();
    fakeApi({
      'GET /api/auth/csrf/': ok({ csrf_token: 't' }),
      'GET /api/auth/me/': ok(USER),
      'GET /api/sessions/': okPage([summary]),
      'GET /api/progress/': okPage(PROGRESS),
    });
    // when
    renderApp('/');
    // then
    const fluency = await screen.findByRole('img', { name: 'Fluency across 2 sessions: 40, 55.' });
    expect(fluency).toBeTruthy();
    expect(screen.getByRole('img', { name: 'Confidence across 2 sessions: 50, not available.' })).toBeTruthy();
    expect(screen.getAllByRole('figure')).toHaveLength(11);
    expect(screen.getByText(/2 sessions, 5 answers: a question you recorded again counts once/)).toBeTruthy();
    const sessions = within(screen.getByRole('region', { name: 'Past sessions' }));
    expect(sessions.getByText('Backend engineer')).toBeTruthy();
    expect(sessions.getByRole('link', { name: /^Report/ }).getAttribute('href')).toBe(`/sessions/${SESSION_ID}/report`);
  });
});
