// The live camera image, mirrored like a mirror and silent (no echo of your own microphone),
// or, once a take is recorded, that take to watch before submitting it.
import { useEffect, useRef, useState, type SyntheticEvent } from 'react';

export function CameraPreview({ stream, recording }: { stream: MediaStream | null; recording: boolean }) {
  const video = useRef<HTMLVideoElement>(null);

  useEffect(() => {
    if (video.current) video.current.srcObject = stream;
  }, [stream]);

  return (
    <div className={recording ? 'camera camera-recording' : 'camera'}>
      <video ref={video} className="camera-video" autoPlay muted playsInline aria-label="Your camera" />
      {recording && (
        <span className="recording-badge">
          <span className="recording-dot" aria-hidden="true" />
          Recording
        </span>
      )}
    </div>
  );
}

/** Seconds into the take whose frame stands in for a poster (the very first frame is often black). */
export const POSTER_SECONDS = 0.1;

/**
 * Without a poster a paused video shows black until it plays: seeking a little way in once its
 * metadata is known makes the browser decode and show that frame (Chromium, Firefox, Safari).
 */
function showFirstFrame(event: SyntheticEvent<HTMLVideoElement>) {
  const video = event.currentTarget;
  if (video.paused && video.currentTime === 0) video.currentTime = POSTER_SECONDS;
}

export function TakePlayback({ blob }: { blob: Blob }) {
  const [url, setUrl] = useState<string | null>(null);

  useEffect(() => {
    const objectUrl = URL.createObjectURL(blob);
    setUrl(objectUrl);
    return () => URL.revokeObjectURL(objectUrl);
  }, [blob]);

  return (
    <div className="camera">
      {url && (
        <video
          className="camera-video camera-playback"
          src={url}
          controls
          playsInline
          preload="metadata"
          onLoadedMetadata={showFirstFrame}
          aria-label="Your recorded take"
        />
      )}
    </div>
  );
}
