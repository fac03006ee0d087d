import { useSyncExternalStore } from 'react';

/**
 * Why nobody is signed in any more, so the sign-in page can say so: the session ended under
 * the user (expired or revoked: an API call answered 401), or they signed out themselves.
 */
export type SignedOutReason = 'ended' | 'signed-out' | null;

let reason: SignedOutReason = null;
const listeners = new Set<() => void>();

export function setSignedOutReason(value: SignedOutReason): void {
  reason = value;
  for (const l of listeners) l();
}

export function useSignedOutReason(): SignedOutReason {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => reason,
  );
}
