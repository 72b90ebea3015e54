// Camera + microphone and MediaRecorder for one answer at a time: ask for the devices, preview,
// record, stop, record again. Errors become states the room can explain.
import { useCallback, useEffect, useRef, useState } from 'react';

export type RecorderState =
  | 'idle'
  | 'requesting'
  | 'ready'
  | 'recording'
  | 'recorded'
  | 'denied'
  | 'unavailable'
  | 'busy'
  | 'unsupported';

export interface Recording {
  blob: Blob;
  filename: string;
  durationMs: number;
}

/** What MediaRecorder should produce, best first: what the platform decodes best. */
const MIME_TYPES = [
  'video/webm;codecs=vp8,opus',
  'video/webm;codecs=vp9,opus',
  'video/webm',
  'video/mp4',
];

export const MAX_ANSWER_MS = 3 * 60 * 1000;

export function pickMimeType(isSupported: (type: string) => boolean): string {
  return MIME_TYPES.find((type) => isSupported(type)) ?? '';
}

export function recordingFilename(mimeType: string): string {
  return mimeType.startsWith('video/mp4') ? 'answer.mp4' : 'answer.webm';
}

export function stateForMediaError(error: unknown): RecorderState {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'unavailable';
  if (name === 'NotReadableError' || name === 'AbortError') return 'busy';
  return 'unavailable';
}

export interface Recorder {
  state: RecorderState;
  stream: MediaStream | null;
  elapsedMs: number;
  recording: Recording | null;
  /** Asks for the camera and microphone; with ids, those devices (from the device check). */
  requestDevices: (choice?: { videoId?: string; audioId?: string }) => Promise<void>;
  start: () => void;
  stop: () => void;
  discard: () => void;
}

export function useRecorder(): Recorder {
  const [state, setState] = useState<RecorderState>('idle');
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [elapsedMs, setElapsedMs] = useState(0);
  const [recording, setRecording] = useState<Recording | null>(null);
  const recorder = useRef<MediaRecorder | null>(null);
  const startedAt = useRef(0);

  const requestDevices = useCallback(async (choice: { videoId?: string; audioId?: string } = {}) => {
    if (!navigator.mediaDevices?.getUserMedia || typeof MediaRecorder === 'undefined') {
      setState('unsupported');
      return;
    }
    setState('requesting');
    try {
      const media = await navigator.mediaDevices.getUserMedia({
        video: {
          width: { ideal: 640 },
          height: { ideal: 480 },
          ...(choice.videoId ? { deviceId: { exact: choice.videoId } } : { facingMode: 'user' }),
        },
        audio: { echoCancellation: true, noiseSuppression: true, ...(choice.audioId ? { deviceId: { exact: choice.audioId } } : {}) },
      });
      setStream(media);
      setState('ready');
    } catch (error) {
      setState(stateForMediaError(error));
    }
  }, []);

  useEffect(() => () => stream?.getTracks().forEach((track) => track.stop()), [stream]);

  useEffect(() => {
    if (state !== 'recording') return undefined;
    const tick = setInterval(() => {
      const elapsed = Date.now() - startedAt.current;
      setElapsedMs(elapsed);
      if (elapsed >= MAX_ANSWER_MS) recorder.current?.stop();
    }, 250);
    return () => clearInterval(tick);
  }, [state]);

  const start = useCallback(() => {
    if (!stream) return;
    const mimeType = pickMimeType((type) => MediaRecorder.isTypeSupported(type));
    const media = new MediaRecorder(stream, mimeType ? { mimeType } : undefined);
    const parts: Blob[] = [];
    media.ondataavailable = (event) => {
      if (event.data.size > 0) parts.push(event.data);
    };
    media.onstop = () => {
      const type = media.mimeType || mimeType || 'video/webm';
      const durationMs = Date.now() - startedAt.current;
      setElapsedMs(durationMs);
      setRecording({ blob: new Blob(parts, { type }), filename: recordingFilename(type), durationMs });
      setState('recorded');
    };
    recorder.current = media;
    startedAt.current = Date.now();
    setElapsedMs(0);
    setRecording(null);
    media.start(1000);
    setState('recording');
  }, [stream]);

  const stop = useCallback(() => {
    if (recorder.current?.state === 'recording') recorder.current.stop();
  }, []);

  const discard = useCallback(() => {
    setRecording(null);
    setElapsedMs(0);
    setState(stream ? 'ready' : 'idle');
  }, [stream]);

  return { state, stream, elapsedMs, recording, requestDevices, start, stop, discard };
}
