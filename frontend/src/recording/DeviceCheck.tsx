// Before the first question: is the camera right, can the microphone hear you, and which devices.
// The live camera image is the room's own preview beside this panel.
import { useEffect, useState } from 'react';

export interface DeviceChoice {
  videoId?: string;
  audioId?: string;
}

/** The microphone's loudness, 0..1, from an AnalyserNode; null where Web Audio cannot measure it. */
export function useMicLevel(stream: MediaStream | null): number | null {
  // Kept with the stream it measures: another stream has no level until it is measured.
  const [reading, setReading] = useState<{ stream: MediaStream; level: number } | null>(null);

  useEffect(() => {
    if (!stream || typeof AudioContext === 'undefined') return undefined;
    let context: AudioContext | null = null;
    let timer: ReturnType<typeof setInterval> | undefined;
    try {
      context = new AudioContext();
      const analyser = context.createAnalyser();
      analyser.fftSize = 512;
      context.createMediaStreamSource(stream).connect(analyser);
      const samples = new Uint8Array(analyser.fftSize);
      timer = setInterval(() => {
        analyser.getByteTimeDomainData(samples);
        let sum = 0;
        for (const sample of samples) sum += ((sample - 128) / 128) ** 2;
        // RMS, scaled so that normal speech fills most of the meter.
        setReading({ stream, level: Math.min(1, Math.sqrt(sum / samples.length) * 4) });
      }, 100);
    } catch {
      // No analyser here: the check goes on without a meter.
    }
    return () => {
      clearInterval(timer);
      void context?.close().catch(() => undefined);
    };
  }, [stream]);

  return reading !== null && reading.stream === stream ? reading.level : null;
}

function useDevices(stream: MediaStream | null): MediaDeviceInfo[] {
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  useEffect(() => {
    // Labels are only given once access is granted, so ask again when the stream changes.
    if (!stream || !navigator.mediaDevices?.enumerateDevices) return;
    let live = true;
    navigator.mediaDevices.enumerateDevices().then(
      (found) => live && setDevices(found),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [stream]);
  return devices;
}

function currentDeviceId(stream: MediaStream | null, kind: 'video' | 'audio'): string {
  const track = kind === 'video' ? stream?.getVideoTracks?.()[0] : stream?.getAudioTracks?.()[0];
  return track?.getSettings?.().deviceId ?? '';
}

const DEVICE_KINDS = {
  video: { id: 'camera-choice', label: 'Camera', input: 'videoinput', field: 'videoId' },
  audio: { id: 'microphone-choice', label: 'Microphone', input: 'audioinput', field: 'audioId' },
} as const;

/** A choice of camera or microphone, where there are several; a device without a label (no
 * permission yet) is "Camera 2". */
function DeviceSelect({
  kind,
  devices,
  stream,
  choice,
  onChoose,
}: {
  kind: keyof typeof DEVICE_KINDS;
  devices: MediaDeviceInfo[];
  stream: MediaStream | null;
  choice: DeviceChoice;
  onChoose: (change: DeviceChoice) => void;
}) {
  const { id, label, input, field } = DEVICE_KINDS[kind];
  const options = devices.filter((device) => device.kind === input);
  if (options.length <= 1) return null;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={choice[field] ?? currentDeviceId(stream, kind)} onChange={(e) => onChoose({ [field]: e.target.value })}>
        {options.map((device, index) => (
          <option key={device.deviceId} value={device.deviceId}>
            {device.label || `${label} ${index + 1}`}
          </option>
        ))}
      </select>
    </div>
  );
}

export function DeviceCheck({
  stream,
  onChoose,
  onDone,
}: {
  stream: MediaStream | null;
  onChoose: (choice: DeviceChoice) => void;
  onDone: () => void;
}) {
  const level = useMicLevel(stream);
  const devices = useDevices(stream);
  const [choice, setChoice] = useState<DeviceChoice>({});

  const choose = (change: DeviceChoice) => {
    const next = { ...choice, ...change };
    setChoice(next);
    onChoose(next);
  };

  return (
    <section className="device-check" aria-labelledby="device-check-heading">
      <h2 id="device-check-heading">Check your camera and microphone</h2>
      <p className="muted">Make sure your face is in the picture and say a few words: the bar should move.</p>
      {level !== null && (
        <div className="field">
          <label htmlFor="mic-level">Microphone level</label>
          <meter id="mic-level" className="mic-level" min={0} max={1} low={0.05} high={0.9} optimum={0.5} value={level} />
        </div>
      )}
      <DeviceSelect kind="video" devices={devices} stream={stream} choice={choice} onChoose={choose} />
      <DeviceSelect kind="audio" devices={devices} stream={stream} choice={choice} onChoose={choose} />
      <button type="button" className="button button-primary" onClick={onDone}>
        Devices look good: go to the question
      </button>
    </section>
  );
}
