import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeApi, ok } from '../test/fakeApi';
import { FakeWebSocket } from '../test/fakeWebSocket';
import { SESSION_ID, USER, session } from '../test/fixtures';
import { renderApp } from '../test/renderApp';

describe('NewSessionPage', () => {
  beforeEach(() => FakeWebSocket.install());

  it('reads the résumé, creates the session with it, opens its room and previews the questions there', async () => {
    // given
    const resume = {
      id: 'r-1',
      original_name: 'cv.txt',
      size: 120,
      source_format: 'txt',
      parsed: { skills: ['Python', 'PostgreSQL'], experiences: [{ title: 'Backend engineer', employer: 'Acme', start: '2020', end: null }], years_of_experience: 5 },
      created_at: '2026-11-20T10:00:00Z',
    };
    const { requests } = fakeApi({
      'GET /api/auth/csrf/': ok({ csrf_token: 't' }),
      'GET /api/auth/me/': ok(USER),
      'GET /api/roles/': ok([{ value: 'software_engineer', label: 'Software engineer' }]),
      'POST /api/resumes/upload/': ok(resume, 201),
      'POST /api/sessions/create/': ok(session({ questions: [] }), 201),
      [`GET /api/sessions/${SESSION_ID}/`]: ok(session()),
      [`POST /api/sessions/${SESSION_ID}/questions/generate/`]: ok({ questions: session().questions, llm_used: false, fallback_reason: null }, 201),
    });
    const { router } = renderApp('/sessions/new');
    const user = userEvent.setup();
    // when
    await user.type(await screen.findByLabelText('Job you are practising for'), 'Backend engineer');
    await user.click(screen.getByLabelText(/Hard/));
    await user.selectOptions(screen.getByLabelText('Number of questions'), '2');
    await user.upload(screen.getByLabelText(/Résumé/), new File(['Python at Acme'], 'cv.txt', { type: 'text/plain' }));
    await screen.findByText('PostgreSQL');
    await user.click(screen.getByRole('button', { name: 'Create session and see the questions' }));
    // then
    expect(await screen.findByRole('heading', { name: 'Your 2 questions' })).toBeTruthy();
    expect(screen.getByText('How would you make a flaky test suite reliable?')).toBeTruthy();
    expect(router.state.location.pathname).toBe(`/sessions/${SESSION_ID}/interview`);
    expect(requests.find((r) => r.path === '/api/sessions/create/')?.body).toEqual({ target_role: 'Backend engineer', difficulty: 'hard', resume_id: 'r-1' });
    expect(requests.find((r) => r.path.endsWith('/questions/generate/'))?.body).toEqual({ count: 2, resume_id: 'r-1' });
    expect(requests.find((r) => r.path === '/api/resumes/upload/')?.body).toBeInstanceOf(FormData);

    // when: they start, the room asks the first question at the session's own address
    await user.click(screen.getByRole('button', { name: 'Start the interview' }));
    expect(await screen.findByRole('heading', { name: 'Tell me about a project you led.' })).toBeTruthy();
    expect(router.state.location.pathname).toBe(`/sessions/${SESSION_ID}/interview`);
  });
});
