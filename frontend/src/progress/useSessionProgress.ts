// Follows a session's progress WebSocket (ws/sessions/<id>/): reconnects with backoff after a
// drop (the snapshot sent on every connect fills in whatever was missed meanwhile).
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { Answer, ProgressEvent } from '../api/types';
import { applyProgressEvent, progressFromAnswer, type ProgressByAnswer } from './answerProgress';

export type StreamState = 'connecting' | 'open' | 'reconnecting';

const MAX_RECONNECT_DELAY_MS = 10_000;

type Action = { kind: 'event'; event: ProgressEvent } | { kind: 'answers'; answers: Answer[] };

function reducer(state: ProgressByAnswer, action: Action): ProgressByAnswer {
  if (action.kind === 'event') return applyProgressEvent(state, action.event);
  const next = { ...state };
  for (const answer of action.answers) next[answer.id] ??= progressFromAnswer(answer);
  return next;
}

export function sessionStreamUrl(sessionId: string, location: Location = window.location): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws/sessions/${sessionId}/`;
}

export interface SessionProgress {
  progress: ProgressByAnswer;
  stream: StreamState;
  /** Seed answers fetched over HTTP (their state until the stream says more). */
  seed: (answers: Answer[]) => void;
}

export function useSessionProgress(sessionId: string | undefined): SessionProgress {
  const [progress, dispatch] = useReducer(reducer, {});
  // The stream's state, kept with the session it is about: another session starts 'connecting'.
  const [streamOf, setStreamOf] = useState<{ sessionId: string; state: StreamState } | null>(null);
  const stream = streamOf !== null && streamOf.sessionId === sessionId ? streamOf.state : 'connecting';
  const retries = useRef(0);

  useEffect(() => {
    if (!sessionId) return undefined;
    let socket: WebSocket | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const setStream = (state: StreamState) => setStreamOf({ sessionId, state });

    const connect = () => {
      socket = new WebSocket(sessionStreamUrl(sessionId));
      socket.onopen = () => {
        retries.current = 0;
        setStream('open');
      };
      socket.onmessage = (message: MessageEvent<string>) => {
        const event = JSON.parse(message.data) as ProgressEvent;
        if (event.type === 'snapshot' || event.type === 'stage' || event.type === 'answer.result') {
          dispatch({ kind: 'event', event });
        }
      };
      socket.onclose = () => {
        if (stopped) return;
        setStream('reconnecting');
        retries.current += 1;
        const delay = Math.min(MAX_RECONNECT_DELAY_MS, 500 * 2 ** (retries.current - 1));
        timer = setTimeout(connect, delay);
      };
    };

    connect();
    return () => {
      stopped = true;
      clearTimeout(timer);
      socket?.close();
    };
  }, [sessionId]);

  const seed = useCallback((answers: Answer[]) => dispatch({ kind: 'answers', answers }), []);
  return { progress, stream, seed };
}
