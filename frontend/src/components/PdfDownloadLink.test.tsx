import { render, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AnswerReport, SessionReport, SharedAnswerReport } from '../api/types';
import { apiError, fakeApi, ok } from '../test/fakeApi';
import { FakeWebSocket } from '../test/fakeWebSocket';
import { ANSWER_ID, SESSION_ID, SESSION_REPORT, USER, partialReport } from '../test/fixtures';
import { renderApp } from '../test/renderApp';
import { PdfDownloadLink, reportPdfUrls } from './PdfDownloadLink';

const signedIn = { 'GET /api/auth/csrf/': ok({ csrf_token: 't' }), 'GET /api/auth/me/': ok(USER) };
const downloadLink = () => screen.queryByRole('link', { name: 'Download PDF' });

describe('PdfDownloadLink', () => {
  it("is a download link to the server's PDF", () => {
    // when
    render(<PdfDownloadLink href={reportPdfUrls.shared('a/b c')} />);
    // then: the token is escaped, and the link downloads rather than navigates
    const link = screen.getByRole('link', { name: 'Download PDF' });
    expect(link.getAttribute('href')).toBe('/api/shared/a%2Fb%20c/report.pdf');
    expect(link.hasAttribute('download')).toBe(true);
    expect(link.className).toContain('no-print');
  });
});

describe('Download PDF on the answer report', () => {
  beforeEach(() => FakeWebSocket.install());

  it('sits beside the Print button once the answer has scores', async () => {
    // given
    fakeApi({ ...signedIn, [`GET /api/answers/${ANSWER_ID}/report/`]: ok(partialReport()) });
    // when
    renderApp(`/answers/${ANSWER_ID}/report`);
    // then
    await screen.findByRole('button', { name: 'Print / save as PDF' });
    expect(downloadLink()?.getAttribute('href')).toBe(`/api/answers/${ANSWER_ID}/report.pdf`);
  });

  it('is not offered while the answer is analysed (the server would answer 409)', async () => {
    // given
    const running: AnswerReport = partialReport({ analysis_status: 'running', scores: {} });
    fakeApi({ ...signedIn, [`GET /api/answers/${ANSWER_ID}/report/`]: ok(running) });
    // when
    renderApp(`/answers/${ANSWER_ID}/report`);
    // then
    await screen.findByRole('button', { name: 'Print / save as PDF' });
    expect(downloadLink()).toBeNull();
  });
});

describe('Download PDF on the session report', () => {
  it('links to the session PDF when an answer was analysed, and not before', async () => {
    // given
    const empty: SessionReport = { ...SESSION_REPORT, answer_count: 0 };
    fakeApi({ ...signedIn, [`GET /api/sessions/${SESSION_ID}/report/`]: ok(SESSION_REPORT) });
    const first = renderApp(`/sessions/${SESSION_ID}/report`);
    // then
    await screen.findByRole('button', { name: 'Print / save as PDF' });
    expect(downloadLink()?.getAttribute('href')).toBe(`/api/sessions/${SESSION_ID}/report.pdf`);
    first.unmount();
    // given: nothing analysed yet
    fakeApi({ ...signedIn, [`GET /api/sessions/${SESSION_ID}/report/`]: ok(empty) });
    renderApp(`/sessions/${SESSION_ID}/report`);
    // then
    await screen.findByRole('button', { name: 'Print / save as PDF' });
    expect(downloadLink()).toBeNull();
  });
});

describe('Download PDF on a shared report', () => {
  it('downloads by the link\'s token, without signing in', async () => {
    // given
    const { answer_id, session_id, takes, stages, coach_review, media, recording_expired_at, is_counted_take, analysis_error, ...rest } =
      partialReport();
    void [answer_id, session_id, takes, stages, coach_review, media, recording_expired_at, is_counted_take, analysis_error];
    const report: SharedAnswerReport = { ...rest, question: { text: rest.question.text, category: rest.question.category }, shared_at: '2026-12-01T10:00:00Z' };
    fakeApi({
      'GET /api/auth/csrf/': ok({ csrf_token: 't' }),
      'GET /api/auth/me/': apiError(403, 'not_authenticated', 'Not signed in.'),
      'GET /api/shared/abc_DEF-123/report/': ok(report),
    });
    // when
    renderApp('/shared/abc_DEF-123');
    // then
    await screen.findByRole('button', { name: 'Print / save as PDF' });
    expect(downloadLink()?.getAttribute('href')).toBe('/api/shared/abc_DEF-123/report.pdf');
  });
});
