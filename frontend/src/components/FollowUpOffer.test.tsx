import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Question } from '../api/types';
import { apiError, fakeApi, ok } from '../test/fakeApi';
import { FakeWebSocket } from '../test/fakeWebSocket';
import { ANSWER_ID, SESSION_ID, USER, answer, partialReport, session } from '../test/fixtures';
import { renderApp } from '../test/renderApp';

const FOLLOW_UPS = `POST /api/answers/${ANSWER_ID}/follow-ups/`;
const signedIn = { 'GET /api/auth/csrf/': ok({ csrf_token: 't' }), 'GET /api/auth/me/': ok(USER) };
const FOLLOW_UP: Question = {
  id: 13,
  order: 3,
  text: 'What was the result, and how did you measure it?',
  category: 'follow_up',
  key_points: ['result'],
  source: 'follow_up_rules',
  skills: [],
};
/** The first question, answered, its recording uploaded and analysed as `status`. */
const answeredSession = (status: 'completed' | 'running') =>
  session({
    answers: [answer({ analysis_status: status, upload: { state: 'complete', filename: 'a.webm', size: 10, offset: 10 } })],
  });

describe('FollowUpOffer', () => {
  beforeEach(() => FakeWebSocket.install());
  afterEach(() => vi.unstubAllGlobals());

  it('offers the analysed answer’s follow-up in the room and moves the room to it', async () => {
    // given
    const { requests } = fakeApi({
      ...signedIn,
      [`GET /api/sessions/${SESSION_ID}/`]: ok(answeredSession('completed')),
      [FOLLOW_UPS]: ok({ questions: [FOLLOW_UP], llm_used: false, fallback_reason: null }, 201),
    });
    const { router } = renderApp(`/sessions/${SESSION_ID}/interview?question=11`);
    // when
    const offer = await screen.findByRole('region', { name: 'Follow-up question' });
    // then
    expect(within(offer).getByText('What was the result, and how did you measure it?')).toBeTruthy();
    expect(requests.filter((r) => r.path.endsWith('/follow-ups/')).map((r) => r.body)).toEqual([{ limit: 1 }]);
    // when
    await userEvent.click(within(offer).getByRole('button', { name: 'Answer it next' }));
    // then: the follow-up is the room's question, in the address and the navigation
    expect(await screen.findByRole('heading', { name: 'What was the result, and how did you measure it?' })).toBeTruthy();
    expect(router.state.location.search).toBe('?question=13');
    expect(screen.getByText('Question 3 of 3 · Follow-up')).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'Follow-up question' })).toBeNull();
  });

  it('asks for no follow-up while the answer is still being analysed', async () => {
    // given
    const { requests } = fakeApi({
      ...signedIn,
      [`GET /api/sessions/${SESSION_ID}/`]: ok(answeredSession('running')),
      [FOLLOW_UPS]: ok({ questions: [FOLLOW_UP], llm_used: false, fallback_reason: null }, 201),
    });
    renderApp(`/sessions/${SESSION_ID}/interview?question=11`);
    // when
    await screen.findByRole('link', { name: 'Open the report for this answer' });
    // then
    expect(requests.some((r) => r.path.endsWith('/follow-ups/'))).toBe(false);
    expect(screen.queryByRole('region', { name: 'Follow-up question' })).toBeNull();
  });

  it('links the report to the room at the follow-up', async () => {
    // given
    fakeApi({
      ...signedIn,
      [`GET /api/answers/${ANSWER_ID}/report/`]: ok(partialReport()),
      [FOLLOW_UPS]: ok({ questions: [FOLLOW_UP], llm_used: false, fallback_reason: null }),
    });
    // when
    renderApp(`/answers/${ANSWER_ID}/report`);
    const offer = await screen.findByRole('region', { name: 'Follow-up question' });
    // then
    expect(within(offer).getByRole('link', { name: 'Answer it next' }).getAttribute('href')).toBe(
      `/sessions/${SESSION_ID}/interview?question=13`,
    );
  });

  it('shows no offer when the answer has none', async () => {
    // given: the transcript analysis failed, so the server has no follow-up to give
    const { requests } = fakeApi({
      ...signedIn,
      [`GET /api/answers/${ANSWER_ID}/report/`]: ok(partialReport()),
      [FOLLOW_UPS]: apiError(409, 'analysis_not_ready', 'Follow-ups need the transcript analysis.'),
    });
    // when
    renderApp(`/answers/${ANSWER_ID}/report`);
    await screen.findByRole('heading', { name: 'Answer report' });
    await vi.waitFor(() => expect(requests.some((r) => r.path.endsWith('/follow-ups/'))).toBe(true));
    // then
    expect(screen.queryByRole('region', { name: 'Follow-up question' })).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
