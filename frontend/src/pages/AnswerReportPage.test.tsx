import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeApi, ok } from '../test/fakeApi';
import { FakeWebSocket } from '../test/fakeWebSocket';
import { ANSWER_ID, SESSION_ID, USER, partialReport } from '../test/fixtures';
import { renderApp } from '../test/renderApp';

const REPORT = `GET /api/answers/${ANSWER_ID}/report/`;
const signedIn = { 'GET /api/auth/csrf/': ok({ csrf_token: 't' }), 'GET /api/auth/me/': ok(USER) };

describe('AnswerReportPage', () => {
  beforeEach(() => FakeWebSocket.install());

  it('shows ten scores, the radar, the why, the feedback and the transcript', async () => {
    // given
    fakeApi({ ...signedIn, [REPORT]: ok(partialReport()) });
    // when
    renderApp(`/answers/${ANSWER_ID}/report`);
    // then
    await screen.findByRole('heading', { name: 'Answer report' });
    const cards = screen.getAllByRole('article');
    expect(cards).toHaveLength(10);
    expect(within(screen.getByRole('article', { name: 'Fluency' })).getByText('61')).toBeTruthy();
    expect(screen.getByRole('img', { name: /Scores on the ten dimensions/ })).toBeTruthy();
    expect(screen.getByLabelText('Overall score 64 out of 100')).toBeTruthy();
    expect(screen.getByText('A relevant answer; fewer fillers would make it land better.')).toBeTruthy();
    expect(screen.getByRole('group', { name: 'Transcript' })).toBeTruthy();
    expect(screen.getAllByRole('img', { name: /^Pace: from 110 to 135/ })).toHaveLength(1);
  });

  it('explains why a score is what it is, from its contributions', async () => {
    // given
    fakeApi({ ...signedIn, [REPORT]: ok(partialReport()) });
    renderApp(`/answers/${ANSWER_ID}/report`);
    const fluency = await screen.findByRole('article', { name: 'Fluency' });
    // when
    await userEvent.click(within(fluency).getByText('Why this score'));
    // then
    const reasons = within(fluency).getAllByRole('listitem').map((item) => item.textContent);
    expect(reasons).toEqual(['Fillers per 100 words · 12.5−9.2 points', 'Speaking rate (words/min) · 128+4.1 points']);
    expect(within(fluency).getByText(/typical answer's 66/)).toBeTruthy();
  });

  it('shows what failed in a partial analysis and the rest of the report', async () => {
    // given
    fakeApi({ ...signedIn, [REPORT]: ok(partialReport()) });
    // when
    renderApp(`/answers/${ANSWER_ID}/report`);
    // then
    await screen.findByText('Part of this answer could not be analysed; everything else is shown.');
    expect(screen.getByText('Analysing face, gaze and posture: No face was found in the video.')).toBeTruthy();
    const eyes = screen.getByRole('article', { name: 'Eye contact' });
    expect(within(eyes).getByText('Not available')).toBeTruthy();
    expect(within(eyes).getByText('No face was found in the video.')).toBeTruthy();
    const relevance = screen.getByRole('article', { name: 'Relevance' });
    expect(relevance.textContent).toContain('80');
    expect(within(relevance).getByText('Measured against the question only: it has no key points.')).toBeTruthy();
  });

  it('while the analysis runs, shows the stages live and fills in when it is done', async () => {
    // given
    let report = partialReport({
      analysis_status: 'running',
      stages: undefined,
      media: {},
      transcript: { text: '', words: [] },
      scores: {},
      missing: {},
      explanations: {},
      baselines: {},
      feedback: {},
    });
    fakeApi({ ...signedIn, [REPORT]: () => ok(report) });
    renderApp(`/answers/${ANSWER_ID}/report`);
    await screen.findByText('Your answer is being analysed. This page fills in when it is done.');
    const socket = FakeWebSocket.latest();
    expect(socket.url).toContain(`/ws/sessions/${SESSION_ID}/`);
    // when
    act(() => socket.deliver({ type: 'stage', session_id: SESSION_ID, answer_id: ANSWER_ID, stage: 'speech', status: 'started', attempt: 1, error: '', at: '' }));
    const speech = screen.getByText('Transcribing your speech').closest('li');
    report = partialReport({ analysis_status: 'completed' });
    act(() => socket.deliver({ type: 'answer.result', session_id: SESSION_ID, answer_id: ANSWER_ID, analysis_status: 'completed', error: '', stages: {} }));
    // then
    expect(speech?.getAttribute('data-status')).toBe('started');
    expect(await screen.findAllByRole('article')).toHaveLength(10);
  });

  it('says so when the whole analysis failed', async () => {
    fakeApi({ ...signedIn, [REPORT]: ok(partialReport({ analysis_status: 'failed', analysis_error: 'The recording has no audio track.' })) });
    renderApp(`/answers/${ANSWER_ID}/report`);
    expect(await screen.findByText('The recording has no audio track.')).toBeTruthy();
    expect(screen.queryAllByRole('article')).toHaveLength(0);
  });
});

describe('the recording', () => {
  it('plays from a word of the transcript', async () => {
    // given
    fakeApi({ ...signedIn, [REPORT]: ok(partialReport()) });
    renderApp(`/answers/${ANSWER_ID}/report`);
    const video = (await screen.findByLabelText('Your recorded answer')) as HTMLVideoElement;
    let played = false;
    video.play = () => {
      played = true;
      return Promise.resolve();
    };
    // when
    await userEvent.click(screen.getByRole('button', { name: 'billing' }));
    // then
    expect(video.getAttribute('src')).toBe(`/api/answers/${ANSWER_ID}/recording/`);
    expect(video.currentTime).toBe(3.2);
    expect(played).toBe(true);
  });
});

