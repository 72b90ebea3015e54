// The microphone as 16 kHz int16 PCM frames (./pcm-worklet.js), set up as soon as the camera and
// microphone are on, before any recording: creating the AudioContext and loading the worklet
// module took 0.6-1.5 s in Chromium, and a capture started only then lost the candidate's first
// words. The context is suspended between recordings and resumed when one starts.

/** Frame handler while capturing; frames in between recordings are dropped. */
type FrameSink = (frame: ArrayBuffer) => void;

export class PcmCapture {
  private context: AudioContext | null = null;
  private worklet: AudioWorkletNode | null = null;
  private sink: FrameSink | null = null;
  private closed = false;
  /** Resolves once the graph is built; rejects where the browser has no AudioWorklet. */
  readonly ready: Promise<void>;

  constructor(stream: MediaStream) {
    this.ready = this.build(stream);
    this.ready.catch(() => undefined); // reported by start(), not as an unhandled rejection
  }

  private async build(stream: MediaStream): Promise<void> {
    const context = new AudioContext();
    this.context = context;
    // Vite emits the worklet as an asset and rewrites this URL (under /static/ when built).
    await context.audioWorklet.addModule(new URL('./pcm-worklet.js', import.meta.url).href);
    if (this.closed) return;
    const worklet = new AudioWorkletNode(context, 'pcm-worklet');
    worklet.port.onmessage = (event: MessageEvent<ArrayBuffer>) => this.sink?.(event.data);
    context.createMediaStreamSource(stream).connect(worklet);
    this.worklet = worklet;
    if (!this.sink) await context.suspend?.();
  }

  /** Frames go to `sink` from now on (the worklet's half-filled frame from before is dropped). */
  async start(sink: FrameSink): Promise<void> {
    this.sink = sink;
    await this.ready;
    if (this.sink !== sink) return; // stopped meanwhile
    this.worklet?.port.postMessage?.('reset');
    await this.context?.resume(); // allowed: the candidate just clicked "Start recording"
  }

  stop(): void {
    this.sink = null;
    void this.context?.suspend?.().catch(() => undefined);
  }

  close(): void {
    this.closed = true;
    this.sink = null;
    void this.context?.close().catch(() => undefined);
  }
}
