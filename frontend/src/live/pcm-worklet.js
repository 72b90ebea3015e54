// AudioWorklet: the microphone at the context's rate (44.1/48 kHz) to 16 kHz mono int16 PCM,
// posted in 100 ms frames (3200 bytes) for the live transcript WebSocket; a 'reset' message
// (a new recording starts) drops the half-filled frame left from before. Downsampling averages
// the input samples that fall into each output sample (a box filter): cheap, and enough
// anti-aliasing for speech recognition, which only looks below 8 kHz.
const TARGET_RATE = 16000;
const FRAME_SAMPLES = 1600;

class PcmWorklet extends AudioWorkletProcessor {
  constructor() {
    super();
    this.ratio = sampleRate / TARGET_RATE;
    this.position = 0; // input samples consumed towards the next output sample
    this.sum = 0;
    this.count = 0;
    this.frame = new Int16Array(FRAME_SAMPLES);
    this.filled = 0;
    this.port.onmessage = (event) => {
      if (event.data === 'reset') {
        this.position = 0;
        this.sum = 0;
        this.count = 0;
        this.filled = 0;
      }
    };
  }

  process(inputs) {
    const channel = inputs[0] && inputs[0][0];
    if (!channel) return true;
    for (let i = 0; i < channel.length; i += 1) {
      this.sum += channel[i];
      this.count += 1;
      this.position += 1;
      if (this.position >= this.ratio) {
        this.position -= this.ratio;
        const value = Math.max(-1, Math.min(1, this.sum / this.count));
        this.frame[this.filled] = value < 0 ? value * 0x8000 : value * 0x7fff;
        this.filled += 1;
        this.sum = 0;
        this.count = 0;
        if (this.filled === FRAME_SAMPLES) {
          const out = this.frame.buffer;
          this.port.postMessage(out, [out]);
          this.frame = new Int16Array(FRAME_SAMPLES);
          this.filled = 0;
        }
      }
    }
    return true;
  }
}

registerProcessor('pcm-worklet', PcmWorklet);
