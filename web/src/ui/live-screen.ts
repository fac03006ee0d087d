import { useEffect, useSyncExternalStore } from 'react';

/**
 * How many screens that depend on live updates are shown (a queue board, a doctor's queue): the
 * shell warns "offline" only while one is, not on pages that never listen.
 */
let open = 0;
const listeners = new Set<() => void>();
const changed = () => {
  for (const l of listeners) l();
};

/** Marks the calling screen as live while it is shown. */
export function useLiveScreen(): void {
  useEffect(() => {
    open += 1;
    changed();
    return () => {
      open -= 1;
      changed();
    };
  }, []);
}

/** Whether a live screen is shown now. */
export function useLiveScreenOpen(): boolean {
  return useSyncExternalStore(
    (fn) => {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    () => open > 0,
    () => false,
  );
}
