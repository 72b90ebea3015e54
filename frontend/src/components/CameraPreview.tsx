// The live camera image, mirrored like a mirror and silent (no echo of your own microphone),
// or, once a take is recorded, that take to watch before submitting it.
import { useEffect, useRef } from 'react';
import { showPosterFrame } from '../recording/posterFrame';

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

export function TakePlayback({ blob }: { blob: Blob }) {
  const video = useRef<HTMLVideoElement>(null);

  // The take's object URL lives while this blob is shown: made for it, revoked with it.
  useEffect(() => {
    const element = video.current;
    if (!element) return undefined;
    const objectUrl = URL.createObjectURL(blob);
    element.src = objectUrl;
    return () => URL.revokeObjectURL(objectUrl);
  }, [blob]);

  return (
    <div className="camera">
      <video
        ref={video}
        className="camera-video camera-playback"
        controls
        playsInline
        preload="metadata"
        onLoadedMetadata={showPosterFrame}
        aria-label="Your recorded take"
      />
    </div>
  );
}
