// Before the first question: is the camera right, can the microphone hear you, and which devices.
// The live camera image is the room's own preview beside this panel.
import { useEffect, useState } from 'react';

export interface DeviceChoice {
  videoId?: string;
  audioId?: string;
}

/** The microphone's loudness, 0..1, from an AnalyserNode; null where Web Audio cannot measure it. */
export function useMicLevel(stream: MediaStream | null): number | null {
  const [level, setLevel] = useState<number | null>(null);

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
        setLevel(Math.min(1, Math.sqrt(sum / samples.length) * 4));
      }, 100);
    } catch {
      setLevel(null); // no analyser here: the check goes on without a meter
    }
    return () => {
      clearInterval(timer);
      void context?.close().catch(() => undefined);
    };
  }, [stream]);

  return level;
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
  const cameras = devices.filter((device) => device.kind === 'videoinput');
  const microphones = devices.filter((device) => device.kind === 'audioinput');
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
      {cameras.length > 1 && (
        <div className="field">
          <label htmlFor="camera-choice">Camera</label>
          <select id="camera-choice" value={choice.videoId ?? currentDeviceId(stream, 'video')} onChange={(e) => choose({ videoId: e.target.value })}>
            {cameras.map((device, index) => (
              <option key={device.deviceId} value={device.deviceId}>
                {device.label || `Camera ${index + 1}`}
              </option>
            ))}
          </select>
        </div>
      )}
      {microphones.length > 1 && (
        <div className="field">
          <label htmlFor="microphone-choice">Microphone</label>
          <select
            id="microphone-choice"
            value={choice.audioId ?? currentDeviceId(stream, 'audio')}
            onChange={(e) => choose({ audioId: e.target.value })}
          >
            {microphones.map((device, index) => (
              <option key={device.deviceId} value={device.deviceId}>
                {device.label || `Microphone ${index + 1}`}
              </option>
            ))}
          </select>
        </div>
      )}
      <button type="button" className="button button-primary" onClick={onDone}>
        Devices look good: go to the question
      </button>
    </section>
  );
}
