import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { FakeAudioContext, FakeAudioWorkletNode, installFakeAudio } from '../test/fakeAudio';
import { FakeWebSocket } from '../test/fakeWebSocket';
import { ANSWER_ID } from '../test/fixtures';
import { BUSY_CLOSE_CODE, LIVE_PROBLEMS, NUDGE_VISIBLE_MS } from './liveEvents';
import { useLiveTranscript } from './useLiveTranscript';

const stream = { getVideoTracks: () => [] } as unknown as MediaStream;
const paceNudge = { type: 'nudge', kind: 'pace_fast', message: "You're speaking quickly: slow down a little.", t: 9 };

function render(active: boolean, answerId: string | null = ANSWER_ID) {
  return renderHook(({ on }) => useLiveTranscript(answerId, stream, on), { initialProps: { on: active } });
}

/** Lets the capture's promises (worklet module, resume) run. */
async function settle(): Promise<void> {
  await act(async () => {
    for (let i = 0; i < 5; i += 1) await Promise.resolve();
  });
}

async function openSocket(): Promise<FakeWebSocket> {
  await settle();
  const socket = FakeWebSocket.latest('/live/');
  act(() => socket.open());
  return socket;
}

describe('useLiveTranscript', () => {
  beforeEach(() => {
    FakeWebSocket.install();
    installFakeAudio();
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('opens nothing until there is an answer and the recording runs', () => {
    // given / when
    render(false);
    render(true, null);

    // then
    expect(FakeWebSocket.instances).toHaveLength(0);
  });

  it('prepares the microphone before the recording starts, and keeps it paused until then', async () => {
    // given / when: the camera and microphone are on, nothing is recorded yet
    render(false);
    await settle();

    // then: the worklet is loaded and connected, the context suspended
    expect(FakeAudioContext.modules).toHaveLength(1);
    expect(FakeAudioContext.modules[0]).toContain('pcm-worklet');
    expect(FakeAudioWorkletNode.latest!.name).toBe('pcm-worklet');
    expect(FakeAudioContext.latest!.connected).toEqual([FakeAudioWorkletNode.latest]);
    expect(FakeAudioContext.latest!.state).toBe('suspended');
  });

  it("streams the worklet's PCM frames to the answer's live socket as binary messages", async () => {
    // given
    render(true);

    // when
    const socket = await openSocket();
    const frame = FakeAudioWorkletNode.latest!.emit();

    // then
    expect(socket.url).toBe(`ws://${location.host}/ws/answers/${ANSWER_ID}/live/`);
    expect(socket.binaryType).toBe('arraybuffer');
    expect(FakeAudioContext.latest!.state).toBe('running');
    expect(FakeAudioWorkletNode.latest!.posted).toEqual(['reset']);
    expect(socket.sent).toEqual([frame]);
  });

  it('keeps the audio spoken while the socket opens and sends it first, in order', async () => {
    // given: the recording runs, the socket is still connecting
    render(true);
    await settle();
    const socket = FakeWebSocket.latest('/live/');
    const early = [FakeAudioWorkletNode.latest!.emit(), FakeAudioWorkletNode.latest!.emit()];

    // when
    act(() => socket.open());
    const later = FakeAudioWorkletNode.latest!.emit();

    // then
    expect(socket.sent).toEqual([...early, later]);
  });

  it('folds the transcript and nudges into the state, and keeps the last words after stopping', async () => {
    // given
    const { result, rerender } = render(true);
    const socket = await openSocket();

    // when: words arrive, the recording stops, and the server sends the last words
    act(() => {
      socket.deliver({ type: 'transcript.final', text: 'I led the migration.', start: 0, end: 2, words: [] });
      socket.deliver({ type: 'transcript.partial', text: 'Then we', start: 2, end: 3, words: [] });
      socket.deliver({ type: 'nudge', kind: 'fillers', message: 'Several fillers just now.', t: 3 });
    });
    const whileRecording = result.current.live;
    rerender({ on: false });
    act(() => {
      socket.deliver({ type: 'transcript.final', text: 'Then we moved one customer at a time.', start: 2, end: 5, words: [] });
      socket.deliver({ type: 'transcript.end' });
    });

    // then
    expect(whileRecording.finalText).toBe('I led the migration.');
    expect(whileRecording.partialText).toBe('Then we');
    expect(whileRecording.nudges.map((nudge) => nudge.kind)).toEqual(['fillers']);
    expect(socket.sent.at(-1)).toBe(JSON.stringify({ type: 'end' }));
    expect(FakeAudioContext.latest!.state).toBe('suspended');
    expect(result.current.live.finalText).toBe('I led the migration. Then we moved one customer at a time.');
    expect(result.current.live.partialText).toBe('');
  });

  it('shows a hint while recording and hides it by itself a few seconds later', async () => {
    // given
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { result } = render(true);
    const socket = await openSocket();

    // when
    act(() => socket.deliver(paceNudge));
    const shown = result.current.live.nudges.map((nudge) => nudge.kind);
    act(() => {
      vi.advanceTimersByTime(NUDGE_VISIBLE_MS - 100);
    });
    const stillShown = result.current.live.nudges.length;
    act(() => {
      vi.advanceTimersByTime(200);
    });

    // then
    expect(shown).toEqual(['pace_fast']);
    expect(stillShown).toBe(1);
    expect(result.current.live.nudges).toEqual([]);
  });

  it('takes the hints away when Stop is pressed, and shows none that arrive after', async () => {
    // given: a hint on screen while recording
    const { result, rerender } = render(true);
    const socket = await openSocket();
    act(() => socket.deliver(paceNudge));
    const beforeStop = result.current.live.nudges.length;

    // when: the candidate stops, and a late hint and the last words arrive
    rerender({ on: false });
    act(() => {
      socket.deliver({ ...paceNudge, kind: 'fillers', message: 'Several fillers just now.', t: 30 });
      socket.deliver({ type: 'transcript.final', text: 'Done.', start: 0, end: 1, words: [] });
      socket.deliver({ type: 'transcript.end' });
    });

    // then
    expect(beforeStop).toBe(1);
    expect(result.current.live.nudges).toEqual([]);
    expect(result.current.live.finalText).toBe('Done.');
  });

  it('lets the candidate dismiss a nudge', async () => {
    // given
    const { result } = render(true);
    const socket = await openSocket();
    act(() => socket.deliver(paceNudge));

    // when
    act(() => result.current.dismiss(result.current.live.nudges[0]!));

    // then
    expect(result.current.live.nudges).toEqual([]);
  });

  it('says so where the browser has no AudioWorklet, and sends nothing', async () => {
    // given
    vi.stubGlobal('AudioContext', undefined);
    const { result } = render(true);

    // when
    await settle();

    // then
    const socket = FakeWebSocket.latest('/live/');
    expect(socket.closed).toBe(true);
    expect(socket.sent).toEqual([]);
    expect(result.current.live.problem).toBe(LIVE_PROBLEMS.unsupported);
  });

  it('tells the candidate when the server is busy', async () => {
    // given
    const { result } = render(true);
    const socket = await openSocket();

    // when: the server sends its reason, then closes with its busy code
    act(() => {
      socket.deliver({ type: 'error', code: 'busy', message: 'The live preview is busy right now.' });
      socket.drop(BUSY_CLOSE_CODE);
    });

    // then
    expect(result.current.live.problem).toBe(LIVE_PROBLEMS.busy);
  });

  it('keeps the words so far when the connection drops mid-answer, and says the preview stopped', async () => {
    // given
    const { result } = render(true);
    const socket = await openSocket();
    act(() => {
      socket.deliver({ type: 'transcript.final', text: 'I led the migration.', start: 0, end: 2, words: [] });
      socket.deliver({ type: 'transcript.partial', text: 'Then we', start: 2, end: 3, words: [] });
    });

    // when
    act(() => socket.drop());

    // then
    expect(result.current.live).toMatchObject({
      finalText: 'I led the migration.',
      partialText: '',
      problem: LIVE_PROBLEMS.stopped,
    });
  });

  it('sees no problem in the close that follows the last words', async () => {
    // given
    const { result, rerender } = render(true);
    const socket = await openSocket();

    // when: the recording stops, the server sends the last words and closes
    rerender({ on: false });
    act(() => {
      socket.deliver({ type: 'transcript.final', text: 'Done.', start: 0, end: 1, words: [] });
      socket.deliver({ type: 'transcript.end' });
      socket.drop(1000);
    });

    // then
    expect(result.current.live.problem).toBe('');
    expect(result.current.live.finalText).toBe('Done.');
  });

  it('closes a socket that never opened when the recording stops', () => {
    // given
    const { rerender } = render(true);

    // when
    rerender({ on: false });

    // then
    expect(FakeWebSocket.latest('/live/').closed).toBe(true);
  });
});
