import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { fakeApi, ok } from '../test/fakeApi';
import type { SessionReport } from '../api/types';
import { ANSWER_ID, SESSION_ID, SESSION_REPORT, USER } from '../test/fixtures';
import { renderApp } from '../test/renderApp';

describe('SessionReportPage', () => {
  it('shows the overall score, each dimension with its trend, the answers and what to work on', async () => {
    // given
    fakeApi({
      'GET /api/auth/csrf/': ok({ csrf_token: 't' }),
      'GET /api/auth/me/': ok(USER),
      [`GET /api/sessions/${SESSION_ID}/report/`]: ok(SESSION_REPORT),
    });
    // when
    renderApp(`/sessions/${SESSION_ID}/report`);
    // then
    expect(await screen.findByLabelText('Overall score 64 out of 100')).toBeTruthy();
    const fluency = screen.getByRole('row', { name: /Fluency/ });
    expect(within(fluency).getAllByRole('cell').map((cell) => cell.textContent)).toEqual(['61', '↗ improving']);
    expect(screen.getByRole('row', { name: /Clarity/ }).textContent).toContain('–');
    expect(screen.getByText('Replace "um" with a short silent pause.')).toBeTruthy();
    expect(screen.getByRole('link', { name: /^Open/ }).getAttribute('href')).toBe(`/answers/${ANSWER_ID}/report`);
  });
});

describe('takes in the session report', () => {
  const take = (answer_id: string, question_id: number, question_text: string, take: number, counted: boolean, overall: number | null) => ({
    answer_id,
    question_id,
    question_text,
    take,
    is_counted_take: counted,
    analysis_status: overall === null ? ('running' as const) : ('completed' as const),
    scores: overall === null ? {} : { overall },
  });

  it('lists the counted take per question and keeps earlier takes visible, marked not counted', async () => {
    // given: question A recorded, question B recorded, A recorded again, and a third take of A in analysis
    const report: SessionReport = {
      ...SESSION_REPORT,
      answer_count: 2,
      answers: [
        take('a1', 11, 'Tell me about a project you led.', 1, false, 50),
        take('b1', 12, 'How would you make a flaky test suite reliable?', 1, true, 70),
        take('a2', 11, 'Tell me about a project you led.', 2, true, 64),
        take('a3', 11, 'Tell me about a project you led.', 3, false, null),
      ],
    };
    fakeApi({
      'GET /api/auth/csrf/': ok({ csrf_token: 't' }),
      'GET /api/auth/me/': ok(USER),
      [`GET /api/sessions/${SESSION_ID}/report/`]: ok(report),
    });
    // when
    renderApp(`/sessions/${SESSION_ID}/report`);
    // then
    const answers = within(await screen.findByRole('region', { name: 'Answers' }));
    expect(answers.getByText(/over 2 answers/)).toBeTruthy();
    const questions = answers.getAllByText(/^(Tell me|How would)/).map((item) => item.textContent);
    expect(questions).toEqual(['Tell me about a project you led.', 'How would you make a flaky test suite reliable?']);
    const links = answers.getAllByRole('link', { name: /^Open/ });
    expect(links.map((link) => [link.textContent, link.getAttribute('href')])).toEqual([
      ['Open the report for take 2 of “Tell me about a project you led.”', '/answers/a2/report'],
      ['Open the report for take 1 of “Tell me about a project you led.”', '/answers/a1/report'],
      ['Open the report for take 3 of “Tell me about a project you led.”', '/answers/a3/report'],
      ['Open the report for “How would you make a flaky test suite reliable?”', '/answers/b1/report'],
    ]);
    const rows = links.map((link) => link.closest('li')?.textContent ?? '');
    expect(rows[0]).toContain('Take 2 · counted');
    expect(rows[1]).toContain('Take 1 · earlier take, not counted');
    expect(rows[2]).toContain('Take 3 · not counted until it is analysed');
    expect(rows[3]).not.toContain('Take');
  });
});

describe('printing the session report', () => {
  it('prints from the "Print / save as PDF" button', async () => {
    // given
    const print = vi.fn();
    vi.stubGlobal('print', print);
    fakeApi({
      'GET /api/auth/csrf/': ok({ csrf_token: 't' }),
      'GET /api/auth/me/': ok(USER),
      [`GET /api/sessions/${SESSION_ID}/report/`]: ok(SESSION_REPORT),
    });
    renderApp(`/sessions/${SESSION_ID}/report`);
    // when
    await userEvent.click(await screen.findByRole('button', { name: 'Print / save as PDF' }));
    // then
    expect(print).toHaveBeenCalledTimes(1);
    vi.unstubAllGlobals();
  });
});
