import { Anchor, Button, Group, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, api, unwrap } from '../api/client';
import { useT } from '../i18n';
import { FormError } from '../ui/FormError';
import { OneTimeCodeInput, RecoveryCodeInput } from '../ui/one-time-code';
import { useSignedIn } from './signed-in';

/**
 * The second step of a sign-in (after a right password, or accepting an invitation with an
 * account that has two-step sign-in on): a code from the app, or one of the recovery codes.
 */
export function MfaStep({ challenge, onRestart }: { challenge: string; onRestart: () => void }) {
  const t = useT();
  const signedIn = useSignedIn();
  const [recovery, setRecovery] = useState(false);
  const [code, setCode] = useState('');
  const verify = useMutation({
    mutationFn: (value: string) =>
      unwrap(api.POST('/api/v1/auth/mfa', { body: { challenge, code: value } }), { signIn: true }),
    onSuccess: signedIn,
    onError: () => setCode(''),
  });
  const expired = verify.error instanceof ApiError && verify.error.code === 'mfa_challenge_invalid';
  const ready = recovery ? code.replace(/[\s-]/g, '').length >= 10 : code.length === 6;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (ready) verify.mutate(code);
      }}
      noValidate
      aria-labelledby="mfa-step-title"
    >
      <Stack>
        <Text fw={600} id="mfa-step-title">
          {t('mfa.signIn.title')}
        </Text>
        <Text size="sm" c="dimmed">
          {recovery ? t('mfa.signIn.recoveryHint') : t('mfa.signIn.intro')}
        </Text>
        {recovery ? (
          <RecoveryCodeInput
            label={t('mfa.signIn.recovery')}
            autoFocus
            required
            value={code}
            onValue={setCode}
          />
        ) : (
          <OneTimeCodeInput label={t('mfa.signIn.code')} autoFocus required value={code} onValue={setCode} />
        )}
        <FormError error={verify.error} />
        {expired ? (
          <Button onClick={onRestart} fullWidth>
            {t('mfa.signIn.restart')}
          </Button>
        ) : (
          <Button type="submit" loading={verify.isPending} disabled={!ready} fullWidth>
            {t('mfa.signIn.submit')}
          </Button>
        )}
        <Group justify="space-between">
          <Anchor
            component="button"
            type="button"
            size="sm"
            onClick={() => {
              setRecovery(!recovery);
              setCode('');
              verify.reset();
            }}
          >
            {recovery ? t('mfa.signIn.useApp') : t('mfa.signIn.useRecovery')}
          </Anchor>
          <Anchor component="button" type="button" size="sm" onClick={onRestart}>
            {t('mfa.signIn.restart')}
          </Anchor>
        </Group>
      </Stack>
    </form>
  );
}
