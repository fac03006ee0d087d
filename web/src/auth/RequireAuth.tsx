import { Center, Loader } from '@mantine/core';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useMe } from '../api/me';
import { useT } from '../i18n';
import { ErrorState } from '../ui/ErrorState';
import { useSignedOutReason } from './session-ended';

/** Renders its children for a signed-in user; anyone else goes to sign-in, and comes back here after. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const t = useT();
  const me = useMe();
  const location = useLocation();
  const reason = useSignedOutReason();
  if (me.isPending)
    return (
      <Center h="100vh">
        <Loader role="status" aria-label={t('common.loading')} />
      </Center>
    );
  if (me.isError) return <ErrorState error={me.error} onRetry={() => me.refetch()} />;
  if (!me.data) {
    if (reason === 'signed-out') return <Navigate to="/sign-in?out=1" replace />;
    const next = `${location.pathname}${location.search}`;
    const params = new URLSearchParams(next === '/' ? {} : { next });
    if (reason === 'ended') params.set('ended', '1');
    return <Navigate to={params.size ? `/sign-in?${params}` : '/sign-in'} replace />;
  }
  return children;
}
