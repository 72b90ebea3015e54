// A recording's poster: the frame shown while it is paused, before anyone presses play.
import type { SyntheticEvent } from 'react';

/** Seconds into the take whose frame stands in for a poster (the very first frame is often black). */
export const POSTER_SECONDS = 0.1;

/**
 * Without a poster a paused video shows black until it plays: seeking a little way in once its
 * metadata is known makes the browser decode and show that frame (Chromium, Firefox, Safari).
 */
export function showPosterFrame(event: SyntheticEvent<HTMLVideoElement | HTMLAudioElement>) {
  const video = event.currentTarget;
  if (video.paused && video.currentTime === 0) video.currentTime = POSTER_SECONDS;
}
