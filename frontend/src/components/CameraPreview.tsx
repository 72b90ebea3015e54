// The live camera image, mirrored like a mirror and silent (no echo of your own microphone),
// or, once a take is recorded, that take to watch before submitting it.
import { useEffect, useRef, useState } from 'react';
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
          onLoadedMetadata={showPosterFrame}
          aria-label="Your recorded take"
        />
      )}
    </div>
  );
}
