import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeWebSocket } from '../test/fakeWebSocket';
import { ANSWER_ID, SESSION_ID, answer } from '../test/fixtures';
import { sessionStreamUrl, useSessionProgress } from './useSessionProgress';

describe('useSessionProgress', () => {
  beforeEach(() => {
    FakeWebSocket.install();
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it("opens the session's stream on this origin and folds its events", () => {
    // given
    const { result } = renderHook(() => useSessionProgress(SESSION_ID));
    const socket = FakeWebSocket.latest();
    // when
    act(() => {
      socket.open();
      socket.deliver({ type: 'snapshot', session_id: SESSION_ID, answers: [] });
      socket.deliver({ type: 'stage', session_id: SESSION_ID, answer_id: ANSWER_ID, stage: 'media', status: 'started', attempt: 1, error: '', at: '' });
    });
    // then
    expect(socket.url).toBe(`ws://${window.location.host}/ws/sessions/${SESSION_ID}/`);
    expect(result.current.stream).toBe('open');
    expect(result.current.progress[ANSWER_ID]?.stages).toEqual({ media: 'started' });
  });

  it('reconnects after a drop and catches up from the new snapshot', () => {
    // given
    const { result } = renderHook(() => useSessionProgress(SESSION_ID));
    act(() => FakeWebSocket.latest().open());
    // when
    act(() => FakeWebSocket.latest().drop());
    const whileDown = result.current.stream;
    act(() => {
      vi.advanceTimersByTime(600);
    });
    act(() => {
      FakeWebSocket.latest().open();
      FakeWebSocket.latest().deliver({
        type: 'snapshot',
        session_id: SESSION_ID,
        answers: [{ answer_id: ANSWER_ID, analysis_status: 'completed', stages: { scoring: 'finished' } }],
      });
    });
    // then
    expect(whileDown).toBe('reconnecting');
    expect(FakeWebSocket.instances).toHaveLength(2);
    expect(result.current.stream).toBe('open');
    expect(result.current.progress[ANSWER_ID]?.analysisStatus).toBe('completed');
  });

  it('seeds answers fetched over HTTP without overriding live state', () => {
    // given
    const { result } = renderHook(() => useSessionProgress(SESSION_ID));
    act(() => FakeWebSocket.latest().deliver({ type: 'stage', session_id: SESSION_ID, answer_id: ANSWER_ID, stage: 'speech', status: 'started', attempt: 1, error: '', at: '' }));
    // when
    act(() => result.current.seed([answer({ analysis_status: 'queued' }), answer({ id: 'other', analysis_status: 'completed' })]));
    // then
    expect(result.current.progress[ANSWER_ID]?.stages).toEqual({ speech: 'started' });
    expect(result.current.progress.other?.analysisStatus).toBe('completed');
  });

  it('closes the stream when the page goes away', () => {
    const { unmount } = renderHook(() => useSessionProgress(SESSION_ID));
    unmount();
    expect(FakeWebSocket.latest().closed).toBe(true);
  });

  it('uses wss on an https page', () => {
    const secure = { protocol: 'https:', host: 'coach.example.com' } as Location;
    expect(sessionStreamUrl('abc', secure)).toBe('wss://coach.example.com/ws/sessions/abc/');
  });
});
