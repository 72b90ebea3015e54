import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FollowUpPreview, Question } from '../api/types';
import { apiError, fakeApi, ok, type RecordedRequest } from '../test/fakeApi';
import { FakeWebSocket } from '../test/fakeWebSocket';
import { ANSWER_ID, SESSION_ID, USER, answer, partialReport, session } from '../test/fixtures';
import { renderApp } from '../test/renderApp';

const PREVIEW = `GET /api/answers/${ANSWER_ID}/follow-ups/next/`;
const TAKE = `POST /api/answers/${ANSWER_ID}/follow-ups/`;
const signedIn = { 'GET /api/auth/csrf/': ok({ csrf_token: 't' }), 'GET /api/auth/me/': ok(USER) };
const TEXT = 'What was the result, and how did you measure it?';
const FOLLOW_UP: Question = {
  id: 13,
  order: 3,
  text: TEXT,
  category: 'follow_up',
  key_points: ['result'],
  source: 'follow_up_rules',
  skills: [],
};
/** The offer before anyone took it up: nothing in the session yet. */
const OFFERED: FollowUpPreview = { text: TEXT, category: 'follow_up', key_points: ['result'], question: null };
const ADDED = ok({ questions: [FOLLOW_UP], llm_used: false, fallback_reason: null }, 201);
/** The first question, answered, its recording uploaded and analysed as `status`. */
const answeredSession = (status: 'completed' | 'running') =>
  session({
    answers: [answer({ analysis_status: status, upload: { state: 'complete', filename: 'a.webm', size: 10, offset: 10 } })],
  });
const posts = (requests: RecordedRequest[]) => requests.filter((r) => r.method === 'POST' && r.path.endsWith('/follow-ups/'));

describe('FollowUpOffer', () => {
  beforeEach(() => FakeWebSocket.install());
  afterEach(() => vi.unstubAllGlobals());

  it('shows the follow-up without adding it to the session', async () => {
    // given
    const { requests } = fakeApi({
      ...signedIn,
      [`GET /api/sessions/${SESSION_ID}/`]: ok(answeredSession('completed')),
      [PREVIEW]: ok(OFFERED),
      [TAKE]: ADDED,
    });
    renderApp(`/sessions/${SESSION_ID}/interview?question=11`);
    // when: the offer is merely shown
    const offer = await screen.findByRole('region', { name: 'Follow-up question' });
    // then: it was read, and nothing was posted
    expect(within(offer).getByText(TEXT)).toBeTruthy();
    expect(within(offer).getByRole('button', { name: 'Answer it next' })).toBeTruthy();
    expect(requests.filter((r) => r.path.endsWith('/follow-ups/next/')).map((r) => r.method)).toEqual(['GET']);
    expect(posts(requests)).toEqual([]);
  });

  it('adds the follow-up when it is taken up and moves the room to it', async () => {
    // given
    const { requests } = fakeApi({
      ...signedIn,
      [`GET /api/sessions/${SESSION_ID}/`]: ok(answeredSession('completed')),
      [PREVIEW]: ok(OFFERED),
      [TAKE]: ADDED,
    });
    const { router } = renderApp(`/sessions/${SESSION_ID}/interview?question=11`);
    const offer = await screen.findByRole('region', { name: 'Follow-up question' });
    // when
    await userEvent.click(within(offer).getByRole('button', { name: 'Answer it next' }));
    // then: one POST for one question, and the follow-up is the room's question
    expect(await screen.findByRole('heading', { name: TEXT })).toBeTruthy();
    expect(posts(requests).map((r) => r.body)).toEqual([{ limit: 1 }]);
    expect(router.state.location.search).toBe('?question=13');
    expect(screen.getByText('Question 3 of 3 · Follow-up')).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'Follow-up question' })).toBeNull();
  });

  it('asks for no follow-up while the answer is still being analysed', async () => {
    // given
    const { requests } = fakeApi({
      ...signedIn,
      [`GET /api/sessions/${SESSION_ID}/`]: ok(answeredSession('running')),
      [PREVIEW]: ok(OFFERED),
      [TAKE]: ADDED,
    });
    renderApp(`/sessions/${SESSION_ID}/interview?question=11`);
    // when
    await screen.findByRole('link', { name: 'Open the report for this answer' });
    // then
    expect(requests.some((r) => r.path.includes('/follow-ups/'))).toBe(false);
    expect(screen.queryByRole('region', { name: 'Follow-up question' })).toBeNull();
  });

  it('takes the report to the room at the follow-up once it is added', async () => {
    // given
    const { requests } = fakeApi({
      ...signedIn,
      [`GET /api/answers/${ANSWER_ID}/report/`]: ok(partialReport()),
      [PREVIEW]: ok(OFFERED),
      [TAKE]: ADDED,
    });
    const { router } = renderApp(`/answers/${ANSWER_ID}/report`);
    const offer = await screen.findByRole('region', { name: 'Follow-up question' });
    expect(posts(requests)).toEqual([]);
    // when
    await userEvent.click(within(offer).getByRole('button', { name: 'Answer it next' }));
    // then
    await vi.waitFor(() => expect(router.state.location.pathname).toBe(`/sessions/${SESSION_ID}/interview`));
    expect(router.state.location.search).toBe('?question=13');
    expect(posts(requests).map((r) => r.body)).toEqual([{ limit: 1 }]);
  });

  it('goes straight to a follow-up taken up before, adding nothing', async () => {
    // given: the preview names the question an earlier visit added
    const { requests } = fakeApi({
      ...signedIn,
      [`GET /api/answers/${ANSWER_ID}/report/`]: ok(partialReport()),
      [PREVIEW]: ok({ ...OFFERED, question: FOLLOW_UP }),
      [TAKE]: ADDED,
    });
    const { router } = renderApp(`/answers/${ANSWER_ID}/report`);
    const offer = await screen.findByRole('region', { name: 'Follow-up question' });
    // when
    await userEvent.click(within(offer).getByRole('button', { name: 'Answer it next' }));
    // then
    await vi.waitFor(() => expect(router.state.location.search).toBe('?question=13'));
    expect(posts(requests)).toEqual([]);
  });

  it('is busy while adding the follow-up and says so when that fails', async () => {
    // given: the POST waits for the test, then fails
    let fail: () => void = () => undefined;
    const { requests } = fakeApi({
      ...signedIn,
      [`GET /api/answers/${ANSWER_ID}/report/`]: ok(partialReport()),
      [PREVIEW]: ok(OFFERED),
      [TAKE]: () =>
        new Promise((resolve) => {
          fail = () => resolve(apiError(503, 'unavailable', 'The server is busy; try again.'));
        }),
    });
    const { router } = renderApp(`/answers/${ANSWER_ID}/report`);
    const offer = await screen.findByRole('region', { name: 'Follow-up question' });
    const button = within(offer).getByRole('button', { name: 'Answer it next' });
    // when
    await userEvent.click(button);
    // then: no second click while it is being added
    await vi.waitFor(() => expect((button as HTMLButtonElement).disabled).toBe(true));
    expect(within(offer).getByRole('status').textContent).toMatch(/Adding it/);
    expect(offer.getAttribute('aria-busy')).toBe('true');
    // when
    fail();
    // then: the reason, the offer still there to try again, and the report still open
    const alert = await within(offer).findByRole('alert');
    expect(alert.textContent).toMatch(/could not be added/);
    expect((button as HTMLButtonElement).disabled).toBe(false);
    expect(router.state.location.pathname).toBe(`/answers/${ANSWER_ID}/report`);
    expect(posts(requests)).toHaveLength(1);
  });

  it.each([
    ['has nothing to follow up (204)', { status: 204 }],
    ['has no finished transcript analysis (409)', apiError(409, 'analysis_not_ready', 'Follow-ups need the transcript analysis.')],
  ])('shows no offer when the answer %s', async (_, reply) => {
    // given
    const { requests } = fakeApi({
      ...signedIn,
      [`GET /api/answers/${ANSWER_ID}/report/`]: ok(partialReport()),
      [PREVIEW]: reply,
      [TAKE]: ADDED,
    });
    // when
    renderApp(`/answers/${ANSWER_ID}/report`);
    await screen.findByRole('heading', { name: 'Answer report' });
    await vi.waitFor(() => expect(requests.some((r) => r.path.endsWith('/follow-ups/next/'))).toBe(true));
    // then
    expect(screen.queryByRole('region', { name: 'Follow-up question' })).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(posts(requests)).toEqual([]);
  });
});
