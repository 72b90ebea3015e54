// Think time before recording starts: a setting of the room, kept in this browser.
import { useCallback, useEffect, useRef, useState } from 'react';

export const THINK_TIME_CHOICES = [0, 15, 30] as const;
export const THINK_TIME_KEY = 'coach.room.thinkSeconds';

export function loadThinkSeconds(): number {
  try {
    const stored = Number(window.localStorage.getItem(THINK_TIME_KEY));
    return (THINK_TIME_CHOICES as readonly number[]).includes(stored) ? stored : 0;
  } catch {
    return 0; // storage blocked
  }
}

export function saveThinkSeconds(seconds: number): void {
  try {
    window.localStorage.setItem(THINK_TIME_KEY, String(seconds));
  } catch {
    // storage blocked: the choice lasts for this page only
  }
}

/** The think time chosen in this browser, and a way to choose (and keep) another. */
export function useThinkSeconds(): [number, (seconds: number) => void] {
  const [seconds, setSeconds] = useState(loadThinkSeconds);
  const choose = useCallback((next: number) => {
    setSeconds(next);
    saveThinkSeconds(next);
  }, []);
  return [seconds, choose];
}

export interface Countdown {
  /** Whole seconds left; null while no countdown runs. */
  remaining: number | null;
  start: (seconds: number) => void;
  cancel: () => void;
  /** Ends it now, as if it had reached zero. */
  finish: () => void;
}

/** A countdown in whole seconds that calls onDone when it reaches zero; null while none runs. */
export function useCountdown(onDone: () => void): Countdown {
  const [deadline, setDeadline] = useState<number | null>(null);
  const [remaining, setRemaining] = useState<number | null>(null);
  const done = useRef(onDone);
  useEffect(() => {
    done.current = onDone;
  });

  useEffect(() => {
    if (deadline === null) return undefined;
    const update = () => {
      const left = Math.ceil((deadline - Date.now()) / 1000);
      if (left > 0) {
        setRemaining(left);
        return;
      }
      setDeadline(null);
      setRemaining(null);
      done.current();
    };
    update();
    const tick = setInterval(update, 250);
    return () => clearInterval(tick);
  }, [deadline]);

  const start = useCallback((seconds: number) => {
    setRemaining(Math.max(0, Math.ceil(seconds)));
    setDeadline(Date.now() + Math.max(0, seconds) * 1000);
  }, []);
  const cancel = useCallback(() => {
    setDeadline(null);
    setRemaining(null);
  }, []);
  const finish = useCallback(() => setDeadline(Date.now()), []);
  return { remaining, start, cancel, finish };
}
