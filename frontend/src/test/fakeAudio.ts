// The Web Audio pieces the live preview uses (AudioContext, AudioWorkletNode), recorded so a test
// can see the capture's state and drive the worklet's port (the microphone's PCM frames).
import { vi } from 'vitest';

export class FakeAudioWorkletNode {
  static latest: FakeAudioWorkletNode | null = null;
  /** Messages the page posted to the worklet ('reset' when a recording starts). */
  posted: unknown[] = [];
  port = {
    onmessage: null as ((event: { data: ArrayBuffer }) => void) | null,
    postMessage: (message: unknown) => void this.posted.push(message),
  };

  constructor(_context: unknown, readonly name: string) {
    FakeAudioWorkletNode.latest = this;
  }

  /** The worklet posts one 100 ms frame of the microphone. */
  emit(frame: ArrayBuffer = new Int16Array(1600).buffer): ArrayBuffer {
    this.port.onmessage?.({ data: frame });
    return frame;
  }
}

export class FakeAudioContext {
  static modules: string[] = [];
  static latest: FakeAudioContext | null = null;
  state: 'running' | 'suspended' | 'closed' = 'running';
  connected: unknown[] = [];
  audioWorklet = { addModule: async (url: string) => void FakeAudioContext.modules.push(url) };

  constructor() {
    FakeAudioContext.latest = this;
  }

  async resume() {
    this.state = 'running';
  }

  async suspend() {
    this.state = 'suspended';
  }

  async close() {
    this.state = 'closed';
  }

  createMediaStreamSource() {
    return { connect: (node: unknown) => this.connected.push(node) };
  }
}

export function installFakeAudio(): void {
  FakeAudioContext.modules = [];
  FakeAudioContext.latest = null;
  FakeAudioWorkletNode.latest = null;
  vi.stubGlobal('AudioContext', FakeAudioContext);
  vi.stubGlobal('AudioWorkletNode', FakeAudioWorkletNode);
}
