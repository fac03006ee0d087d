import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router';
import { ME_KEY, type Me } from '../api/me';
import { isLocale, useI18n } from '../i18n';
import { homePath, safeNext } from './session';
import { setSignedOutReason } from './session-ended';

/** After a sign-in: reload who this is, take their saved language, go where they were going. */
export function useSignedIn() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { setLocale } = useI18n();
  const [params] = useSearchParams();
  return async () => {
    setSignedOutReason(null);
    const me = await queryClient.fetchQuery<Me | null>({ queryKey: ME_KEY, staleTime: 0 });
    if (!me) return;
    if (isLocale(me.user.locale)) setLocale(me.user.locale);
    navigate(safeNext(params.get('next')) ?? homePath(me), { replace: true });
  };
}
