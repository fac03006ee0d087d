import { Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { api, unwrap } from '../api/client';
import { useT } from '../i18n';
import { FormError } from '../ui/FormError';
import { check, useI18nForm } from '../ui/form';
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
    onSuccess: signedIn,
  });
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
