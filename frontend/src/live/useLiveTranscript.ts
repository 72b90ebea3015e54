// Streams the microphone (16 kHz int16 PCM from ./pcm-worklet.js) and ~2 video frames a
// second (JPEG) to ws/answers/<id>/live/ while an answer is being recorded, and folds the
// server's events into a LiveState. Live feedback is a nice-to-have: any failure here (no
// AudioWorklet, a busy server, a dropped socket) only ends the preview, with the reason in
// `live.problem`; the recording is unaffected.
import { useCallback, useEffect, useState } from 'react';

import { BUSY_CLOSE_CODE, LIVE_PROBLEMS, applyLiveEvent, dismissNudge, emptyLiveState } from './liveEvents';
import type { LiveEvent, LiveState, NudgeEvent } from './liveEvents';

const FRAME_INTERVAL_MS = 500;
const FRAME_WIDTH = 320;

export function liveStreamUrl(answerId: string): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws/answers/${answerId}/live/`;
}

function sendVideoFrames(stream: MediaStream, socket: WebSocket, started: number): () => void {
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
    socket.send(JSON.stringify({ type: 'frame', jpeg, t: (performance.now() - started) / 1000 }));
  }, FRAME_INTERVAL_MS);
  return () => {
    window.clearInterval(timer);
    video.srcObject = null;
  };
}

export function useLiveTranscript(answerId: string | null, stream: MediaStream | null, active: boolean) {
  const [live, setLive] = useState<LiveState>(emptyLiveState);

  useEffect(() => {
    if (!answerId || !stream || !active) return undefined;
    setLive(emptyLiveState);
    const socket = new WebSocket(liveStreamUrl(answerId));
    socket.binaryType = 'arraybuffer';
    let settled = false; // the stream ended as asked, or its problem is already shown
    const giveUp = (problem: string) => {
      if (settled) return;
      settled = true;
      setLive((state) => ({ ...state, partialText: '', problem }));
    };
    socket.onmessage = (message: MessageEvent<string>) => {
      const event = JSON.parse(message.data) as LiveEvent;
      if (event.type === 'transcript.end') settled = true;
      setLive((state) => applyLiveEvent(state, event));
    };
    socket.onclose = (event: CloseEvent) => {
      giveUp(event.code === BUSY_CLOSE_CODE ? LIVE_PROBLEMS.busy : LIVE_PROBLEMS.stopped);
    };
    let context: AudioContext | null = null;
    let stopFrames = () => undefined as void;
    const started = performance.now();
    socket.onopen = () => {
      void (async () => {
        try {
          context = new AudioContext();
          await context.resume(); // allowed: the candidate just clicked "Start recording"
          // Vite emits the worklet as an asset and rewrites this URL (under /static/ when built).
          await context.audioWorklet.addModule(new URL('./pcm-worklet.js', import.meta.url).href);
          const source = context.createMediaStreamSource(stream);
          const worklet = new AudioWorkletNode(context, 'pcm-worklet');
          worklet.port.onmessage = (event: MessageEvent<ArrayBuffer>) => {
            if (socket.readyState === WebSocket.OPEN) socket.send(event.data);
          };
          source.connect(worklet);
          stopFrames = sendVideoFrames(stream, socket, started);
        } catch {
          giveUp(LIVE_PROBLEMS.unsupported); // no AudioWorklet here: the recording goes on
          socket.close();
        }
      })();
    };
    return () => {
      settled = true; // stopping on purpose: what follows is the last words, not a problem
      stopFrames();
      void context?.close();
      if (socket.readyState === WebSocket.OPEN) {
        // Ask for the last words; the server closes the socket after "transcript.end".
        socket.send(JSON.stringify({ type: 'end' }));
      } else {
        socket.close();
      }
    };
  }, [answerId, stream, active]);

  const dismiss = useCallback((nudge: NudgeEvent) => setLive((state) => dismissNudge(state, nudge)), []);
  return { live, dismiss };
}
