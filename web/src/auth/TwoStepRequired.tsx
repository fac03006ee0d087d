import { Button, Stack, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { api, unwrap } from '../api/client';
import { ME_KEY, type Me } from '../api/me';
import { useT } from '../i18n';
import { MFA_KEY, TwoStepSection } from '../panels/account/TwoStepSection';
import { AuthFrame } from './AuthFrame';
import { homePath, safeNext } from './session';
import { useSignOut } from './sign-out';

/** Where the app sends someone a clinic (or the console) refused with `mfa_required`. */
export const TWO_STEP_PATH = '/account/two-step';

/**
 * "Set up two-step sign-in to continue": the set-up card on its own, outside any panel (the
 * panel's own calls are refused until it is on). Someone who has it on but signed in this device
 * without it (before turning it on elsewhere) is told to sign in again.
 */
export function TwoStepRequiredPage() {
  const t = useT();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const queryClient = useQueryClient();
  const signOut = useSignOut();
  const [enabled, setEnabled] = useState(false);
  const status = useQuery({ queryKey: MFA_KEY, queryFn: () => unwrap(api.GET('/api/v1/me/mfa')) });
  const goOn = async () => {
    // Everything refused before may answer now.
    await queryClient.invalidateQueries();
    const me = queryClient.getQueryData<Me | null>(ME_KEY);
    navigate(safeNext(params.get('next')) ?? (me ? homePath(me) : '/'), { replace: true });
  };
  const signedInWithout = status.data?.enabled && !status.data.sessionVerified && !enabled;
  // Already on for this session (a bookmark, the back button): nothing is required any more.
  const alreadyOn = status.data?.enabled && status.data.sessionVerified;
  return (
    <AuthFrame
      title={alreadyOn ? t('mfa.title') : t('mfa.required.title')}
      subtitle={alreadyOn ? t('mfa.enabled') : t('mfa.required.intro')}
    >
      {signedInWithout ? (
        <Stack>
          <Text size="sm">{t('mfa.required.again')}</Text>
          <Button onClick={() => void signOut()}>{t('mfa.required.signOut')}</Button>
        </Stack>
      ) : (
        <Stack>
          <TwoStepSection onEnabled={() => setEnabled(true)} />
          {(enabled || alreadyOn) && (
            <Button onClick={() => void goOn()} fullWidth data-testid="mfa-continue">
              {t('mfa.required.continue')}
            </Button>
          )}
        </Stack>
      )}
    </AuthFrame>
  );
}
