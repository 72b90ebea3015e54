// Streams the microphone (16 kHz int16 PCM from ./pcm-worklet.js) and ~2 video frames a
// second (JPEG) to ws/answers/<id>/live/ while an answer is being recorded, and folds the
// server's events into a LiveState. Live feedback is a nice-to-have: any failure here (no
// AudioWorklet, a busy server, a dropped socket) only ends the preview, with the reason in
// `live.problem`; the recording is unaffected.
//
// The capture starts with the recording, not when the socket opens: the audio of the meantime
// is kept and sent on open, so the candidate's first words are in the preview too. Hints are
// for while the candidate speaks: each hides after NUDGE_VISIBLE_MS, and once Stop is pressed
// the shown ones go and later ones are ignored.
import { useCallback, useEffect, useState } from 'react';

import { BUSY_CLOSE_CODE, LIVE_PROBLEMS, NUDGE_VISIBLE_MS, applyLiveEvent, dismissNudge, emptyLiveState } from './liveEvents';
import type { LiveEvent, LiveState, NudgeEvent } from './liveEvents';
import { PcmCapture } from './pcmCapture';

const FRAME_INTERVAL_MS = 500;
const FRAME_WIDTH = 320;
/** Audio kept while the socket opens: 30 s of 100 ms frames, far more than a handshake takes. */
const MAX_QUEUED_FRAMES = 300;

export function liveStreamUrl(answerId: string): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws/answers/${answerId}/live/`;
}

/** Frames are stamped on the audio's clock (seconds since the capture started), which is the
 * server's stream time, so its hints about the face and about speech share one clock. */
function sendVideoFrames(stream: MediaStream, socket: WebSocket, started: () => number): () => void {
  const track = stream.getVideoTracks()[0];
  if (!track || typeof document === 'undefined') return () => undefined;
  const video = document.createElement('video');
  video.muted = true;
  video.srcObject = stream;
  void video.play().catch(() => undefined);
  const canvas = document.createElement('canvas');
  const timer = window.setInterval(() => {
    if (socket.readyState !== WebSocket.OPEN || !video.videoWidth) return;
    canvas.width = FRAME_WIDTH;
    canvas.height = Math.round((video.videoHeight / video.videoWidth) * FRAME_WIDTH);
    canvas.getContext('2d')?.drawImage(video, 0, 0, canvas.width, canvas.height);
    const jpeg = canvas.toDataURL('image/jpeg', 0.7).split(',')[1] ?? '';
    socket.send(JSON.stringify({ type: 'frame', jpeg, t: (performance.now() - started()) / 1000 }));
  }, FRAME_INTERVAL_MS);
  return () => {
    window.clearInterval(timer);
    video.srcObject = null;
  };
}

/** The microphone's capture, ready before the candidate presses Start (null without a stream). */
function usePcmCapture(stream: MediaStream | null): PcmCapture | null {
  const [capture, setCapture] = useState<PcmCapture | null>(null);
  useEffect(() => {
    if (!stream) return undefined;
    const prepared = new PcmCapture(stream);
    // The capture is an external resource made for this stream and closed with it; the state
    // hands it to the streaming effect below.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setCapture(prepared);
    return () => {
      prepared.close();
      setCapture(null);
    };
  }, [stream]);
  return capture;
}

export function useLiveTranscript(answerId: string | null, stream: MediaStream | null, active: boolean) {
  const [live, setLive] = useState<LiveState>(emptyLiveState);
  const capture = usePcmCapture(stream);

  useEffect(() => {
    if (!answerId || !stream || !capture || !active) return undefined;
    // Each stream starts from an empty preview, also a re-recording for the same answer; the
    // last stream's text stays after Stop (until then), so it cannot be keyed by the answer.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setLive(emptyLiveState);
    const socket = new WebSocket(liveStreamUrl(answerId));
    socket.binaryType = 'arraybuffer';
    let settled = false; // the stream ended as asked, or its problem is already shown
    let stopped = false; // the candidate pressed Stop: no more hints
    const hideTimers = new Set<number>();
    const queued: ArrayBuffer[] = [];
    let started = performance.now();
    let stopFrames = () => undefined as void;

    const giveUp = (problem: string) => {
      if (settled) return;
      settled = true;
      setLive((state) => ({ ...state, partialText: '', problem }));
    };
    const show = (nudge: NudgeEvent) => {
      setLive((state) => applyLiveEvent(state, nudge));
      const timer = window.setTimeout(() => {
        hideTimers.delete(timer);
        setLive((state) => dismissNudge(state, nudge));
      }, NUDGE_VISIBLE_MS);
      hideTimers.add(timer);
    };
    socket.onmessage = (message: MessageEvent<string>) => {
      const event = JSON.parse(message.data) as LiveEvent;
      if (event.type === 'nudge') {
        if (!stopped) show(event);
        return;
      }
      if (event.type === 'transcript.end') settled = true;
      setLive((state) => applyLiveEvent(state, event));
    };
    socket.onclose = (event: CloseEvent) => {
      giveUp(event.code === BUSY_CLOSE_CODE ? LIVE_PROBLEMS.busy : LIVE_PROBLEMS.stopped);
    };
    socket.onopen = () => {
      for (const frame of queued.splice(0)) socket.send(frame);
      stopFrames = sendVideoFrames(stream, socket, () => started);
    };
    const sendAudio = (frame: ArrayBuffer) => {
      if (socket.readyState === WebSocket.OPEN) socket.send(frame);
      else if (socket.readyState === WebSocket.CONNECTING && queued.length < MAX_QUEUED_FRAMES) queued.push(frame);
    };
    capture.start(sendAudio).then(
      () => {
        started = performance.now(); // the audio's first sample, give or take a frame
      },
      () => {
        giveUp(LIVE_PROBLEMS.unsupported); // no AudioWorklet here: the recording goes on
        socket.close();
      },
    );

    return () => {
      stopped = true;
      settled = true; // stopping on purpose: what follows is the last words, not a problem
      capture.stop();
      stopFrames();
      hideTimers.forEach((timer) => window.clearTimeout(timer));
      setLive((state) => ({ ...state, nudges: [] }));
      if (socket.readyState === WebSocket.OPEN) {
        // Ask for the last words; the server closes the socket after "transcript.end".
        socket.send(JSON.stringify({ type: 'end' }));
      } else {
        socket.close();
      }
    };
  }, [answerId, stream, capture, active]);

  const dismiss = useCallback((nudge: NudgeEvent) => setLive((state) => dismissNudge(state, nudge)), []);
  return { live, dismiss };
}
