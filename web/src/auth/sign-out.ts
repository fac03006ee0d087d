import { useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import { ME_KEY } from '../api/me';
import { setSignedOutReason } from './session-ended';

/**
 * Signs out. Signing out is not "come back here after signing in": the app sends them to a
 * plain sign-in page that says they signed out.
 */
export function useSignOut(): () => Promise<void> {
  const queryClient = useQueryClient();
  return async () => {
    await unwrap(api.POST('/api/v1/auth/logout'), { signIn: true }).catch(() => undefined);
    setSignedOutReason('signed-out');
    queryClient.setQueryData(ME_KEY, null);
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
  };
}
