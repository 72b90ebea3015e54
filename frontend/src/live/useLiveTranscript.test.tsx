import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { FakeWebSocket } from '../test/fakeWebSocket';
import { ANSWER_ID } from '../test/fixtures';
import { BUSY_CLOSE_CODE, LIVE_PROBLEMS } from './liveEvents';
import { useLiveTranscript } from './useLiveTranscript';

/** The Web Audio pieces the hook uses; the worklet's port is driven by the test. */
class FakeAudioWorkletNode {
  static latest: FakeAudioWorkletNode | null = null;
  port: { onmessage: ((event: { data: ArrayBuffer }) => void) | null } = { onmessage: null };

  constructor(_context: unknown, readonly name: string) {
    FakeAudioWorkletNode.latest = this;
  }
}

class FakeAudioContext {
  static modules: string[] = [];
  closed = false;
  connected: unknown[] = [];
  audioWorklet = { addModule: async (url: string) => void FakeAudioContext.modules.push(url) };

  async resume() {}

  async close() {
    this.closed = true;
  }

  createMediaStreamSource() {
    return { connect: (node: unknown) => this.connected.push(node) };
  }
}

const stream = { getVideoTracks: () => [] } as unknown as MediaStream;

function render(active: boolean, answerId: string | null = ANSWER_ID) {
  return renderHook(({ on }) => useLiveTranscript(answerId, stream, on), { initialProps: { on: active } });
}

async function openSocket(): Promise<FakeWebSocket> {
  const socket = FakeWebSocket.latest('/live/');
  await act(async () => {
    socket.open();
    await Promise.resolve(); // the worklet module loads
  });
  return socket;
}

describe('useLiveTranscript', () => {
  beforeEach(() => {
    FakeWebSocket.install();
    FakeAudioContext.modules = [];
    FakeAudioWorkletNode.latest = null;
    vi.stubGlobal('AudioContext', FakeAudioContext);
    vi.stubGlobal('AudioWorkletNode', FakeAudioWorkletNode);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('opens nothing until there is an answer and the recording runs', () => {
    // given / when
    render(false);
    render(true, null);

    // then
    expect(FakeWebSocket.instances).toHaveLength(0);
  });

  it("streams the worklet's PCM frames to the answer's live socket as binary messages", async () => {
    // given
    render(true);

    // when
    const socket = await openSocket();
    const frame = new Int16Array(1600).buffer;
    act(() => FakeAudioWorkletNode.latest!.port.onmessage!({ data: frame }));

    // then
    expect(socket.url).toBe(`ws://${location.host}/ws/answers/${ANSWER_ID}/live/`);
    expect(socket.binaryType).toBe('arraybuffer');
    expect(FakeAudioContext.modules).toHaveLength(1);
    expect(FakeAudioContext.modules[0]).toContain('pcm-worklet');
    expect(FakeAudioWorkletNode.latest!.name).toBe('pcm-worklet');
    expect(socket.sent).toEqual([frame]);
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
    expect(result.current.live.finalText).toBe('I led the migration. Then we moved one customer at a time.');
    expect(result.current.live.partialText).toBe('');
  });

  it('lets the candidate dismiss a nudge', async () => {
    // given
    const { result } = render(true);
    const socket = await openSocket();
    act(() => socket.deliver({ type: 'nudge', kind: 'pace_fast', message: 'Slow down a little.', t: 9 }));

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
    const socket = await openSocket();

    // then
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
