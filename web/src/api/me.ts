import { useQuery } from '@tanstack/react-query';
import { ApiError, api, unwrap } from './client';
import type { components } from './schema';

export type Me = components['schemas']['Me'];
export type Membership = Me['memberships'][number];
export type ClinicRole = Membership['role'];

export const ME_KEY = ['me'] as const;

/** The signed-in user, or null when nobody is (a 401 is an answer here, not an error). */
export function useMe() {
  return useQuery({
    queryKey: ME_KEY,
    queryFn: async (): Promise<Me | null> => {
      try {
        return await unwrap(api.GET('/api/v1/me'), { signIn: true });
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }
    },
    staleTime: 60_000,
    retry: (count, err) => !(err instanceof ApiError && err.status < 500) && count < 2,
  });
}
