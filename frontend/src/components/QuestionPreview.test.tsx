import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App, routes } from '../App';
import type { Question } from '../api/types';
import { apiError, fakeApi, ok, type RecordedRequest } from '../test/fakeApi';
import { FakeWebSocket } from '../test/fakeWebSocket';
import { SESSION_ID, USER, answer, session } from '../test/fixtures';

const QUESTIONS = `/api/sessions/${SESSION_ID}/questions`;

/** The room as NewSessionPage opens it: previewing the questions of the session just created. */
function openPreview() {
  const router = createMemoryRouter(routes, {
    initialEntries: [{ pathname: `/sessions/${SESSION_ID}/interview`, state: { justCreated: true } }],
  });
  render(<App router={router} />);
  return router;
}

const signedIn = { 'GET /api/auth/csrf/': ok({ csrf_token: 't' }), 'GET /api/auth/me/': ok(USER) };

function question(overrides: Partial<Question>): Question {
  return { ...session().questions[0]!, ...overrides };
}

describe('QuestionPreview', () => {
  beforeEach(() => FakeWebSocket.install());
  afterEach(() => vi.unstubAllGlobals());

  it('rewords a question inline, and the room then asks it in those words', async () => {
    // given
    const { requests } = fakeApi({
      ...signedIn,
      [`GET /api/sessions/${SESSION_ID}/`]: ok(session({ status: 'draft' })),
      [`POST ${QUESTIONS}/11/update/`]: (request: RecordedRequest) =>
        ok(question({ text: (request.body as { text: string }).text, key_points: [], source: 'edited' })),
    });
    openPreview();
    const user = userEvent.setup();
    await screen.findByRole('heading', { name: 'Your 2 questions' });
    // when: they open the editor of the first question
    await user.click(screen.getByRole('button', { name: 'Edit question 1' }));
    // then: its text is in a labelled field that has the focus
    const field = screen.getByRole('textbox', { name: 'Your wording of question 1' });
    expect(document.activeElement).toBe(field);
    expect((field as HTMLTextAreaElement).value).toBe('Tell me about a project you led.');
    // when: they reword it and save
    await user.clear(field);
    await user.type(field, '  Tell me about a project you rescued.');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    // then: sent trimmed, shown in place, announced, focus back on its Edit button
    expect(await screen.findByText('Tell me about a project you rescued.')).toBeTruthy();
    expect(requests.find((r) => r.path === `${QUESTIONS}/11/update/`)?.body).toEqual({ text: 'Tell me about a project you rescued.' });
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(screen.getByRole('status').textContent).toBe('Question 1 saved.');
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Edit question 1' })));
    // when: they start
    await user.click(screen.getByRole('button', { name: 'Start the interview' }));
    // then: the room asks the reworded question
    expect(await screen.findByRole('heading', { name: 'Tell me about a project you rescued.' })).toBeTruthy();
  });

  it('cancels an edit without sending anything', async () => {
    // given
    const { requests } = fakeApi({ ...signedIn, [`GET /api/sessions/${SESSION_ID}/`]: ok(session({ status: 'draft' })) });
    openPreview();
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Edit question 2' }));
    // when
    await user.type(screen.getByRole('textbox', { name: 'Your wording of question 2' }), ' And why?');
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    // then
    expect(screen.getByText('How would you make a flaky test suite reliable?')).toBeTruthy();
    expect(requests.filter((r) => r.method === 'POST')).toEqual([]);
  });

  it('swaps a question for the one the server picked, and says so', async () => {
    // given
    const swapped = question({ id: 12, order: 2, text: 'How do you review a pull request?', category: 'role', skills: [] });
    const { requests } = fakeApi({
      ...signedIn,
      [`GET /api/sessions/${SESSION_ID}/`]: ok(session({ status: 'draft' })),
      [`POST ${QUESTIONS}/12/swap/`]: ok(swapped),
    });
    openPreview();
    const user = userEvent.setup();
    // when
    await user.click(await screen.findByRole('button', { name: 'Swap question 2' }));
    // then
    expect(await screen.findByText('How do you review a pull request?')).toBeTruthy();
    expect(screen.queryByText('How would you make a flaky test suite reliable?')).toBeNull();
    expect(requests.filter((r) => r.path.endsWith('/swap/')).map((r) => r.path)).toEqual([`${QUESTIONS}/12/swap/`]);
    expect(screen.getByRole('status').textContent).toBe('Question 2 swapped for another one.');
  });

  it('shows why a swap was refused', async () => {
    // given
    fakeApi({
      ...signedIn,
      [`GET /api/sessions/${SESSION_ID}/`]: ok(session({ status: 'draft' })),
      [`POST ${QUESTIONS}/11/swap/`]: apiError(409, 'no_swap_available', 'Every question the bank has for this session is already in it.'),
    });
    openPreview();
    // when
    await userEvent.click(await screen.findByRole('button', { name: 'Swap question 1' }));
    // then
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('Every question the bank has for this session is already in it.')).toBeTruthy();
    expect(screen.getByText('Tell me about a project you led.')).toBeTruthy();
  });

  it('offers no change to a question that already has a take', async () => {
    // given: the first question was answered
    fakeApi({ ...signedIn, [`GET /api/sessions/${SESSION_ID}/`]: ok(session({ answers: [answer({ question_id: 11 })] })) });
    // when
    openPreview();
    // then
    expect((await screen.findByRole('button', { name: 'Edit question 1' })).hasAttribute('disabled')).toBe(true);
    expect(screen.getByRole('button', { name: 'Swap question 1' }).hasAttribute('disabled')).toBe(true);
    expect(screen.getByRole('button', { name: 'Edit question 2' }).hasAttribute('disabled')).toBe(false);
    expect(screen.getByRole('button', { name: 'Swap question 2' }).hasAttribute('disabled')).toBe(false);
    expect(screen.getByText(/answered, so it can no longer be changed/)).toBeTruthy();
  });
});
