import { useCallback, useEffect, useRef, useState } from 'react';
import { get } from './api';

export interface Loaded<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  reload(): void;
}

/** Loads one API path; `path` null waits. Keeps the last data while reloading so tables do not flash. */
export function useApi<T>(path: string | null): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<Error>();
  const [loading, setLoading] = useState(!!path);
  const [tick, setTick] = useState(0);
  const current = useRef(0);
  useEffect(() => {
    if (!path) return;
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
