// Loads one thing from the API for a page: its data, its error, and a way to load it again.
import { useCallback, useEffect, useEffectEvent, useState } from 'react';

export interface Resource<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

export function useResource<T>(load: () => Promise<T>, key: string): Resource<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [generation, setGeneration] = useState(0);
  // Loading until the load for this key and generation has settled (a new key loads again).
  const request = `${generation}:${key}`;
  const [settled, setSettled] = useState<string | null>(null);
  // `load` is a new closure every render: the effect calls the latest, and `key` says when it
  // means something new.
  const loadLatest = useEffectEvent(load);

  useEffect(() => {
    let current = true;
    loadLatest()
      .then((value) => {
        if (!current) return;
        setData(value);
        setError(null);
      })
      .catch((reason: unknown) => {
        if (current) setError(reason);
      })
      .finally(() => {
        if (current) setSettled(request);
      });
    return () => {
      current = false;
    };
  }, [request]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { data, error, loading: settled !== request, reload };
}
