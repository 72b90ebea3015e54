import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeApi, ok } from '../test/fakeApi';
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
