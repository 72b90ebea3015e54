import { describe, expect, it } from 'vitest';
import { pickMimeType, recordingFilename, stateForMediaError } from './useRecorder';

describe('the recorder', () => {
  it('records VP8 + Opus webm where the browser can, else what it offers (Safari: mp4)', () => {
    expect(pickMimeType(() => true)).toBe('video/webm;codecs=vp8,opus');
    expect(pickMimeType((type) => type === 'video/mp4')).toBe('video/mp4');
    expect(recordingFilename('video/mp4;codecs=avc1')).toBe('answer.mp4');
    expect(recordingFilename('video/webm;codecs=vp9,opus')).toBe('answer.webm');
  });

  it('tells a refused permission from a missing or busy device', () => {
    const failure = (name: string) => new DOMException('no', name);
    expect(stateForMediaError(failure('NotAllowedError'))).toBe('denied');
    expect(stateForMediaError(failure('NotFoundError'))).toBe('unavailable');
    expect(stateForMediaError(failure('NotReadableError'))).toBe('busy');
  });
});
