import { Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useParams } from 'react-router';
import { api, unwrap } from '../api/client';
import { useT } from '../i18n';
import { FormError } from '../ui/FormError';
import { AuthFrame } from './AuthFrame';
import { useSignedIn } from './signed-in';

/**
 * `/app/invite/{token}`, the link in an invitation email: choose a password (and a name for a new
 * account), then land signed in on the clinic that sent it.
 */
export function AcceptInvitationPage() {
  const t = useT();
  const { token = '' } = useParams();
  const signedIn = useSignedIn();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [touched, setTouched] = useState(false);
  const accept = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/invitations/accept', { body: { token, password, name: name.trim() || undefined } }),
        { signIn: true },
      ),
    onSuccess: signedIn,
  });
  const mismatch = touched && again !== password;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (password === again) accept.mutate();
  };
  return (
    <AuthFrame title={t('invite.title')} subtitle={t('invite.subtitle')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label={`${t('invite.name')} ${t('common.optional')}`}
            autoComplete="name"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <PasswordInput
            label={t('invite.password')}
            description={t('invite.passwordHint')}
            autoComplete="new-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          <PasswordInput
            label={t('invite.confirm')}
            autoComplete="new-password"
            required
            value={again}
            onChange={(e) => setAgain(e.currentTarget.value)}
            error={mismatch ? t('invite.mismatch') : undefined}
          />
          <FormError error={accept.error} />
          <Button
            type="submit"
            loading={accept.isPending}
            disabled={password.length < 10 || !again}
            fullWidth
          >
            {t('invite.submit')}
          </Button>
        </Stack>
      </form>
    </AuthFrame>
  );
}
