import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { SharedAnswerReport } from '../api/types';
import { apiError, fakeApi, ok } from '../test/fakeApi';
import { partialReport } from '../test/fixtures';
import { renderApp } from '../test/renderApp';

const TOKEN = 'abc_DEF-123';
const SHARED = `GET /api/shared/${TOKEN}/report/`;
const signedOut = {
  'GET /api/auth/csrf/': ok({ csrf_token: 't' }),
  'GET /api/auth/me/': apiError(403, 'not_authenticated', 'Not signed in.'),
};

function sharedReport(): SharedAnswerReport {
  const { answer_id, session_id, takes, stages, coach_review, media, recording_expired_at, is_counted_take, analysis_error, ...rest } =
    partialReport();
  void [answer_id, session_id, takes, stages, coach_review, media, recording_expired_at, is_counted_take, analysis_error];
  return { ...rest, question: { text: rest.question.text, category: rest.question.category }, shared_at: '2026-12-01T10:00:00Z' };
}

describe('SharedReportPage', () => {
  it('shows the report read-only to a reader who is not signed in, without a recording', async () => {
    // given
    fakeApi({ ...signedOut, [SHARED]: ok(sharedReport()) });
    // when
    renderApp(`/shared/${TOKEN}`);
    // then
    await screen.findByRole('heading', { name: 'Shared answer report' });
    expect(screen.getAllByRole('article')).toHaveLength(10);
    expect(screen.getByLabelText('Overall score 64 out of 100')).toBeTruthy();
    expect(screen.getByRole('group', { name: 'Transcript' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Print / save as PDF' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Share…' })).toBeNull();
    expect(screen.queryByLabelText('Your recorded answer')).toBeNull();
    expect(screen.queryByRole('link', { name: 'Session report' })).toBeNull();
  });

  it('says the link does not work when it is unknown or revoked', async () => {
    // given
    fakeApi({ ...signedOut, [SHARED]: apiError(404, 'not_found', 'This link does not exist or was revoked.') });
    // when
    renderApp(`/shared/${TOKEN}`);
    // then
    expect(await screen.findByText(/This link does not work/)).toBeTruthy();
  });
});
