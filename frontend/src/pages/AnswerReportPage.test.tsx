import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
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
    expect(reasons).toEqual(['Filler rate · 12.5 per 100 words−9.2 points', 'Speaking rate · 128 words per minute+4.1 points']);
    expect(within(fluency).getByText(/typical answer's 66/)).toBeTruthy();
  });

  it("shows a ratio as the server's percentage, and a feature it has no label for in local words", async () => {
    // given
    const report = partialReport({
      features: { eye_contact_ratio: 1.0, blink_rate_per_min: 18 },
      feature_labels: { eye_contact_ratio: { label: 'Eye contact', unit: '%', shown: '100% of frames' } },
      explanations: {
        engagement: [
          { feature: 'eye_contact_ratio', value: 1.0, contribution: -2.1 },
          { feature: 'blink_rate_per_min', value: 18, contribution: 1.4 },
        ],
      },
    });
    fakeApi({ ...signedIn, [REPORT]: ok(report) });
    renderApp(`/answers/${ANSWER_ID}/report`);
    const engagement = await screen.findByRole('article', { name: 'Engagement' });
    // when
    await userEvent.click(within(engagement).getByText('Why this score'));
    // then
    const reasons = within(engagement).getAllByRole('listitem').map((item) => item.textContent);
    expect(reasons).toEqual(['Eye contact · 100% of frames−2.1 points', 'Blinks per minute · 18+1.4 points']);
    expect(reasons.join('\n')).not.toMatch(/· 1(?!\d)/);
  });

  it('reads a report stored before the server sent labels in local words, ratios as percentages', async () => {
    // given
    const report = partialReport({
      feature_labels: undefined,
      explanations: { engagement: [{ feature: 'eye_contact_ratio', value: 1.0, contribution: -2.1 }] },
    });
    fakeApi({ ...signedIn, [REPORT]: ok(report) });
    renderApp(`/answers/${ANSWER_ID}/report`);
    const engagement = await screen.findByRole('article', { name: 'Engagement' });
    // when
    await userEvent.click(within(engagement).getByText('Why this score'));
    // then
    const reasons = within(engagement).getAllByRole('listitem').map((item) => item.textContent);
    expect(reasons).toEqual(['Eye contact · 100%−2.1 points']);
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

describe('key points', () => {
  beforeEach(() => FakeWebSocket.install());

  it('lists each key point of the question, covered or not, with the sentence that covered it', async () => {
    // given
    const key_points = {
      coverage_status: 'scored' as const,
      covered_count: 2,
      total: 3,
      points: [
        { text: 'ownership', covered: true, evidence: 'I owned the migration end to end.' },
        { text: 'trade-offs', covered: false, evidence: null },
        { text: 'outcome', covered: true, evidence: null },
      ],
      origin: 'given' as const,
      origin_question: null,
    };
    fakeApi({ ...signedIn, [REPORT]: ok(partialReport({ key_points })) });
    // when
    renderApp(`/answers/${ANSWER_ID}/report`);
    // then
    const section = within(await screen.findByRole('region', { name: 'Key points' }));
    expect(section.getByText(/You covered 2 of 3 key points/)).toBeTruthy();
    const items = section.getAllByRole('listitem').map((item) => item.textContent);
    expect(items).toEqual([
      '✓ Covered: ownershipI owned the migration end to end.',
      '✗ Not covered: trade-offs',
      '✓ Covered: outcome',
    ]);
  });

  it('says plainly that coverage is not scored when the question has no key points', async () => {
    // given
    const key_points = {
      coverage_status: 'no_key_points' as const,
      covered_count: null,
      total: 0,
      points: [],
      origin: 'given' as const,
      origin_question: null,
    };
    fakeApi({ ...signedIn, [REPORT]: ok(partialReport({ key_points })) });
    // when
    renderApp(`/answers/${ANSWER_ID}/report`);
    // then
    const section = within(await screen.findByRole('region', { name: 'Key points' }));
    expect(section.getByText('This question has no key points, so coverage is not scored.')).toBeTruthy();
    expect(section.queryByRole('list')).toBeNull();
    expect(section.queryByText(/0\s*%|0 of/)).toBeNull();
  });

  it('lists the points unmarked when their coverage could not be measured', async () => {
    const key_points = {
      coverage_status: 'not_measured' as const,
      covered_count: null,
      total: 1,
      points: [{ text: 'ownership', covered: null, evidence: null }],
      origin: 'given' as const,
      origin_question: null,
    };
    fakeApi({ ...signedIn, [REPORT]: ok(partialReport({ key_points })) });
    renderApp(`/answers/${ANSWER_ID}/report`);
    const section = within(await screen.findByRole('region', { name: 'Key points' }));
    expect(section.getByText(/could not be measured/)).toBeTruthy();
    expect(section.getAllByRole('listitem').map((item) => item.textContent)).toEqual(['ownership']);
  });
});

describe('borrowed key points', () => {
  beforeEach(() => FakeWebSocket.install());

  it('names the bank question a custom question borrowed its key points from', async () => {
    // given
    const key_points = {
      coverage_status: 'scored' as const,
      covered_count: 1,
      total: 1,
      points: [{ text: 'domain knowledge', covered: true, evidence: null }],
      origin: 'bank' as const,
      origin_question: 'How do you choose features for a model?',
    };
    fakeApi({ ...signedIn, [REPORT]: ok(partialReport({ key_points })) });
    // when
    renderApp(`/answers/${ANSWER_ID}/report`);
    // then
    const section = within(await screen.findByRole('region', { name: 'Key points' }));
    expect(section.getByText(/borrowed those of a question that asks the same thing/)).toBeTruthy();
    expect(section.getByText('How do you choose features for a model?')).toBeTruthy();
  });
});

describe("the coach's review", () => {
  beforeEach(() => FakeWebSocket.install());

  it('shows the comment and each rated dimension beside the analysis score', async () => {
    // given
    const coach_review = {
      reviewer_count: 1,
      ratings: { fluency: { score: 72, reviewer_count: 1 }, structure: { score: 50, reviewer_count: 1 } },
      comments: [{ text: 'Clear story; slow down at the start.', updated_at: '2026-11-21T09:00:00Z' }],
      updated_at: '2026-11-21T09:00:00Z',
    };
    fakeApi({ ...signedIn, [REPORT]: ok(partialReport({ coach_review })) });
    // when
    renderApp(`/answers/${ANSWER_ID}/report`);
    // then
    const section = within(await screen.findByRole('region', { name: "Your coach's review" }));
    expect(section.getByText('Clear story; slow down at the start.')).toBeTruthy();
    const fluency = section.getByRole('row', { name: /Fluency/ });
    expect(within(fluency).getAllByRole('cell').map((cell) => cell.textContent)).toEqual(['72', '61']);
    const structure = section.getByRole('row', { name: /Structure/ });
    expect(within(structure).getAllByRole('cell').map((cell) => cell.textContent)).toEqual(['50', '45']);
    expect(section.queryByRole('row', { name: /Confidence/ })).toBeNull();
  });

  it('is absent before a coach reviewed the answer', async () => {
    fakeApi({ ...signedIn, [REPORT]: ok(partialReport({ coach_review: null })) });
    renderApp(`/answers/${ANSWER_ID}/report`);
    await screen.findByRole('region', { name: 'Key points' });
    expect(screen.queryByRole('region', { name: /review/ })).toBeNull();
  });
});

describe('takes', () => {
  beforeEach(() => FakeWebSocket.install());
  const RETAKE_ID = '9a1d7c3e-0000-4000-8000-000000000002';

  it('marks an earlier take as not counted and links to the take that counts', async () => {
    // given
    const takes = [
      { answer_id: ANSWER_ID, take: 1, is_counted_take: false, analysis_status: 'completed' as const },
      { answer_id: RETAKE_ID, take: 2, is_counted_take: true, analysis_status: 'completed' as const },
    ];
    fakeApi({ ...signedIn, [REPORT]: ok(partialReport({ take: 1, is_counted_take: false, takes })) });
    // when
    renderApp(`/answers/${ANSWER_ID}/report`);
    // then
    expect(await screen.findByText(/Take 1 of 2 · earlier take, not counted/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'See take 2, which counts' }).getAttribute('href')).toBe(`/answers/${RETAKE_ID}/report`);
    const nav = within(screen.getByRole('navigation', { name: 'Takes of this question' }));
    expect(nav.getAllByRole('listitem').map((item) => item.textContent)).toEqual(['Take 1', 'Take 2 (counted)']);
    expect(nav.getByText('Take 1').getAttribute('aria-current')).toBe('page');
  });

  it('says a lone take is the one that counts', async () => {
    fakeApi({ ...signedIn, [REPORT]: ok(partialReport()) });
    renderApp(`/answers/${ANSWER_ID}/report`);
    expect(await screen.findByText('Take 1 · counted')).toBeTruthy();
    expect(screen.queryByRole('navigation', { name: 'Takes of this question' })).toBeNull();
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

  it('says the recording expired instead of showing a broken player, and keeps the transcript', async () => {
    // given
    fakeApi({ ...signedIn, [REPORT]: ok({ ...partialReport(), recording_expired_at: '2026-01-31T02:00:00Z' }) });
    // when
    renderApp(`/answers/${ANSWER_ID}/report`);
    // then
    expect((await screen.findByRole('note')).textContent).toContain('This recording was deleted on');
    expect(screen.queryByLabelText('Your recorded answer')).toBeNull();
    expect(screen.getByRole('group', { name: 'Transcript' })).toBeTruthy();
  });
});


describe('printing the answer report', () => {
  beforeEach(() => FakeWebSocket.install());

  it('prints from the "Print / save as PDF" button', async () => {
    // given
    const print = vi.fn();
    vi.stubGlobal('print', print);
    fakeApi({ ...signedIn, [REPORT]: ok(partialReport()) });
    renderApp(`/answers/${ANSWER_ID}/report`);
    // when
    await userEvent.click(await screen.findByRole('button', { name: 'Print / save as PDF' }));
    // then
    expect(print).toHaveBeenCalledTimes(1);
    vi.unstubAllGlobals();
  });
});
