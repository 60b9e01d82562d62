import { useCallback, useEffect, useState } from 'react';
import { api } from './api.ts';

export type Loaded<T> = { data: T | undefined; error: unknown; loading: boolean; reload: () => void };

/** GETs a path whenever it changes; `null` skips the request. `load` lets an app route the call (its own base, hooks). */
export function useApi<T>(path: string | null, load: (path: string) => Promise<T> = api): Loaded<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({ data: undefined, error: undefined, loading: path !== null });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (path === null) return;
    let live = true;
    setState((s) => ({ ...s, loading: true, error: undefined }));
    load(path).then(
      (data) => live && setState({ data, error: undefined, loading: false }),
      (error: unknown) => live && setState({ data: undefined, error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [path, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload };
}
