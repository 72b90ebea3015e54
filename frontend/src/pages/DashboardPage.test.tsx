import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ProgressEntry } from '../api/types';
import { fakeApi, ok, okPage } from '../test/fakeApi';
import { PROGRESS, SESSION_ID, USER, session } from '../test/fixtures';
import { renderApp } from '../test/renderApp';

function showDashboard(progress: ProgressEntry[]) {
  const { questions: _questions, answers: _answers, ...summary } = session();
  fakeApi({
    'GET /api/auth/csrf/': ok({ csrf_token: 't' }),
    'GET /api/auth/me/': ok(USER),
    'GET /api/sessions/': okPage([summary]),
    'GET /api/progress/': okPage(progress),
  });
  renderApp('/');
}

async function caption(name: string): Promise<HTMLElement> {
  const title = await screen.findByText(name, { selector: '.trend-title' });
  return title.closest('figcaption') as HTMLElement;
}

/** The stylesheet as text: jsdom loads no CSS, and Vitest empties CSS imports (even `?raw`), so it
 * is read from disk (node:fs imported by a computed name, as the client's types leave out Node's). */
async function readStyles(): Promise<string> {
  const fs = (await import(/* @vite-ignore */ 'node:' + 'fs')) as { readFileSync(path: string, encoding: 'utf8'): string };
  const here = import.meta.url; // not inline: Vite would rewrite `new URL(…, import.meta.url)` to an asset URL
  return fs.readFileSync(decodeURIComponent(new URL('../styles.css', here).pathname), 'utf8');
}

/** The declarations of the first rule whose selector list is exactly `selector`. */
function rule(styles: string, selector: string): string {
  const escaped = selector.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`(?:^|\\})\\s*${escaped}\\s*\\{([^}]*)\\}`, 'm').exec(styles);
  return match?.[1] ?? '';
}

const ONE_SESSION: ProgressEntry[] = [
  { session_id: 'a', created_at: '2026-11-01T10:00:00Z', target_role: 'Backend engineer', answer_count: 1, scores: { overall: 67, fluency: 70, clarity: 48 } },
];

describe('DashboardPage', () => {
  it('lists past sessions and charts each dimension across them', async () => {
    // given
    showDashboard(PROGRESS);
    // when: rendered
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

  it('says "1 session" and "1 answer" in the singular', async () => {
    // given
    showDashboard(ONE_SESSION);
    // then
    expect(await screen.findByRole('img', { name: 'Overall across 1 session: 67.' })).toBeTruthy();
    expect(screen.getByText(/^1 session, 1 answer:/)).toBeTruthy();
    expect(document.body.textContent).not.toMatch(/\b1 sessions\b|\b1 answers\b/);
  });

  it('shows each label and its value as separate elements, never run together', async () => {
    // given
    showDashboard(ONE_SESSION);
    // when
    const overall = await caption('Overall');
    // then
    expect(within(overall).getByText('Overall').className).toBe('trend-title');
    expect(within(overall).getByText('67').className).toBe('trend-latest');
    expect(overall.textContent).toBe('Overall 67');
    for (const figure of screen.getAllByRole('figure')) {
      expect(figure.querySelector('figcaption')?.textContent).toMatch(/^\S.* (\d+|–)( \([+−±]\d+\))?$/);
    }
    expect(document.body.textContent).not.toContain('Overall67');
  });

  it('shows the latest score and the change since the previous session', async () => {
    // given: overall 52 then 61, fluency 40 then 55, confidence 50 then missing
    showDashboard(PROGRESS);
    // then
    expect((await caption('Overall')).textContent).toBe('Overall 61 (+9)');
    expect((await caption('Fluency')).textContent).toBe('Fluency 55 (+15)');
    // A session without the score is skipped: its latest known score, with nothing to compare it to.
    expect((await caption('Confidence')).textContent).toBe('Confidence 50');
  });

  it('shows a fall with a minus sign', async () => {
    // given
    showDashboard([
      ...ONE_SESSION,
      { session_id: 'b', created_at: '2026-11-05T10:00:00Z', target_role: 'Backend engineer', answer_count: 2, scores: { overall: 63.4, fluency: 70, clarity: 52 } },
    ]);
    // then
    expect((await caption('Overall')).textContent).toBe('Overall 63 (−4)');
    expect((await caption('Fluency')).textContent).toBe('Fluency 70 (±0)');
    expect((await caption('Clarity')).textContent).toBe('Clarity 52 (+4)');
  });

  it('names the dimension with the lowest latest score as the one to work on next', async () => {
    // given: fluency 55 and confidence 50 (overall is not a dimension to work on)
    showDashboard(PROGRESS);
    // when
    const next = (await screen.findByText('Work on next:')).closest('p') as HTMLElement;
    // then
    expect(within(next).getByText('Confidence').className).toBe('work-next-name');
    expect(next.textContent).toBe('Work on next: Confidence (latest score 50, your lowest)');
  });

  it('lays each chart out at the card\'s full width, its caption above it, not squeezed beside it', async () => {
    // given
    showDashboard(PROGRESS);
    const figure = (await screen.findByRole('img', { name: /^Fluency across/ })).closest('figure') as HTMLElement;
    // then: the caption comes before the chart, and the chart has the full-width class
    expect(figure.firstElementChild?.tagName).toBe('FIGCAPTION');
    expect(figure.querySelector('svg')?.getAttribute('class')).toBe('trend-chart');
    const styles = await readStyles();
    // and the stylesheet gives it the full width, at least 120 px
    const chart = rule(styles, '.trend-chart');
    expect(chart).toMatch(/(^|;|\s)width:\s*100%/);
    expect(chart).toMatch(/min-width:\s*120px/);
    // and the figure is a block, not a flex row that puts the caption beside the chart
    const trend = rule(styles, '.trend');
    expect(trend).toMatch(/display:\s*block/);
    expect(trend).not.toMatch(/display:\s*(inline-)?flex/);
    expect(styles).not.toMatch(/\.trend\s*,|,\s*\.trend\s*[,{]/);
    // and the grid's columns shrink to a phone's width rather than overflow it
    expect(rule(styles, '.trend-grid')).toMatch(/minmax\(min\(13rem, 100%\), 1fr\)/);
  });
});
