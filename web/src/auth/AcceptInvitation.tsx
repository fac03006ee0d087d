import { Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { api, unwrap } from '../api/client';
import { useT } from '../i18n';
import { FormError } from '../ui/FormError';
import { check, useI18nForm } from '../ui/form';
import { AuthFrame } from './AuthFrame';
import { MfaStep } from './MfaStep';
import { useSignedIn } from './signed-in';

/**
 * The invitation token of the page's link: `/app/invite#{token}` (the fragment never leaves the
 * browser, so no server or proxy logs it), or an older link's `/app/invite/{token}`. Either way
 * the address bar is left without it, so it stays out of the history too.
 */
function useInvitationToken(): string {
  const { token: inPath } = useParams();
  const [token] = useState(() => safeDecode(window.location.hash.slice(1)) || inPath || '');
  useEffect(() => {
    if (token) window.history.replaceState(window.history.state, '', `${import.meta.env.BASE_URL}invite`);
  }, [token]);
  return token;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The link in an invitation email: choose a password (and a name for a new account), then land
 * signed in on the clinic that sent it. The token goes to the server in the POST body only.
 */
export function AcceptInvitationPage() {
  const t = useT();
  const token = useInvitationToken();
  const navigate = useNavigate();
  const signedIn = useSignedIn();
  const [challenge, setChallenge] = useState<string | null>(null);
  const f = useI18nForm({
    initialValues: { name: '', password: '', again: '' },
    required: ['password', 'again'],
    rules: {
      password: check.newPassword,
      again: (again, { password }) => (again && again !== password ? 'invite.mismatch' : null),
    },
  });
  const accept = useMutation({
    mutationFn: ({ name, password }: typeof f.values) =>
      unwrap(
        api.POST('/api/v1/invitations/accept', { body: { token, password, name: name.trim() || undefined } }),
        { signIn: true },
      ),
    // An account with two-step sign-in on has joined; it signs in with its code next.
    onSuccess: (r) => ('mfaRequired' in r ? setChallenge(r.challenge) : signedIn()),
  });
  if (challenge)
    return (
      <AuthFrame title={t('invite.title')} subtitle={t('invite.subtitle')}>
        <MfaStep challenge={challenge} onRestart={() => navigate('/sign-in')} />
      </AuthFrame>
    );
  return (
    <AuthFrame title={t('invite.title')} subtitle={t('invite.subtitle')}>
      <form onSubmit={f.submit((v) => accept.mutate(v))} noValidate>
        <Stack>
          <TextInput
            label={`${t('invite.name')} ${t('common.optional')}`}
            autoComplete="name"
            {...f.field('name')}
          />
          <PasswordInput
            label={t('invite.password')}
            description={t('invite.passwordHint')}
            autoComplete="new-password"
            required
            {...f.field('password')}
          />
          <PasswordInput
            label={t('invite.confirm')}
            autoComplete="new-password"
            required
            {...f.field('again')}
          />
          <FormError error={accept.error} />
          <Button
            type="submit"
            loading={accept.isPending}
            disabled={!f.ready || f.values.password.length < 10}
            fullWidth
          >
            {t('invite.submit')}
          </Button>
        </Stack>
      </form>
    </AuthFrame>
  );
}
