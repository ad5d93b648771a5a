import { useCallback, useEffect, useRef, useState } from 'react';
import { get, takeAnswered } from './api';

export interface Loaded<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  reload(): void;
}

/**
 * Loads one API path; `path` null waits. Keeps the last data while reloading so tables do not flash. Starts with the
 * data when the answer to the same request, sent early (preload.ts), is already in.
 */
export function useApi<T>(path: string | null): Loaded<T> {
  const [answered] = useState(() => (path ? takeAnswered<T>(path)?.body : undefined));
  const [data, setData] = useState<T | undefined>(answered);
  const [error, setError] = useState<Error>();
  const [loading, setLoading] = useState(!!path && answered === undefined);
  const [tick, setTick] = useState(0);
  const current = useRef(0);
  const hasAnswer = useRef(answered !== undefined ? path : null);
  useEffect(() => {
    if (!path) return;
    if (hasAnswer.current === path) {
      hasAnswer.current = null;
      return;
    }
    const call = ++current.current;
    setLoading(true);
    get<T>(path)
      .then((d) => {
        if (call === current.current) {
          setData(d);
          setError(undefined);
        }
      })
      .catch((e: unknown) => {
        if (call === current.current) setError(e instanceof Error ? e : new Error(String(e)));
      })
      .finally(() => {
        if (call === current.current) setLoading(false);
      });
  }, [path, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload };
}

/** Today in Asia/Shanghai as YYYY-MM-DD: due dates are Shanghai dates. */
export function shanghaiToday(): string {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  const s = new Date(d.getTime() + 8 * 3600 * 1000).toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, 16)}`;
}
