import { Alert, Anchor, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { IconMailForward } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../api/client';
import { useT } from '../i18n';
import { FormError } from '../ui/FormError';
import { check, useI18nForm } from '../ui/form';
import { showPasswordError } from '../ui/password';
import { AuthFrame } from './AuthFrame';

function BackToSignIn({ label }: { label: string }) {
  return (
    <Anchor component={Link} to="/sign-in" size="sm">
      {label}
    </Anchor>
  );
}

/** `/app/forgot-password`: asks for a link by email. The answer is the same for any email. */
export function ForgotPasswordPage() {
  const t = useT();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const f = useI18nForm({ initialValues: { email: '' }, required: ['email'], rules: { email: check.email } });
  const ask = useMutation({
    mutationFn: (email: string) =>
      unwrap(api.POST('/api/v1/auth/password-reset', { body: { email } }), { signIn: true }),
    onSuccess: (_r, email) => setSentTo(email),
  });
  return (
    <AuthFrame title={t('forgot.title')} subtitle={t('forgot.subtitle')}>
      {sentTo ? (
        <Stack>
          <Alert color="blue" icon={<IconMailForward aria-hidden />} role="status">
            {t('forgot.sent', { email: sentTo })}
          </Alert>
          <BackToSignIn label={t('forgot.back')} />
        </Stack>
      ) : (
        <form onSubmit={f.submit((v) => ask.mutate(v.email.trim()))} noValidate>
          <Stack>
            <TextInput
              label={t('forgot.email')}
              type="email"
              autoComplete="username"
              inputMode="email"
              required
              {...f.field('email')}
            />
            <FormError error={ask.error} />
            <Button type="submit" loading={ask.isPending} disabled={!f.ready} fullWidth>
              {t('forgot.submit')}
            </Button>
            <BackToSignIn label={t('forgot.back')} />
          </Stack>
        </form>
      )}
    </AuthFrame>
  );
}

/** The token from the link's fragment (`#token=…`): browsers never send a fragment to a server. */
function tokenFromFragment(): string {
  return new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
}

/** `/app/reset-password#token=…`, the link in the email: choose the new password. */
export function ResetPasswordPage() {
  const t = useT();
  const [token] = useState(tokenFromFragment);
  const f = useI18nForm({
    initialValues: { newPassword: '', again: '' },
    required: ['newPassword', 'again'],
    rules: {
      newPassword: check.newPassword,
      again: (again, { newPassword }) =>
        again && again !== newPassword ? 'security.password.mismatch' : null,
    },
  });
  const reset = useMutation({
    mutationFn: ({ newPassword }: typeof f.values) =>
      unwrap(api.POST('/api/v1/auth/password-reset/complete', { body: { token, newPassword } }), {
        signIn: true,
      }),
    onSuccess: () => window.history.replaceState(null, '', window.location.pathname),
    onError: (error) => showPasswordError(f, error, { newPassword: 'newPassword' }),
  });
  if (!token)
    return (
      <AuthFrame title={t('reset.title')} subtitle={t('reset.subtitle')}>
        <Stack>
          <Alert color="yellow" role="alert">
            {t('reset.noToken')}
          </Alert>
          <Anchor component={Link} to="/forgot-password" size="sm">
            {t('forgot.link')}
          </Anchor>
        </Stack>
      </AuthFrame>
    );
  if (reset.isSuccess)
    return (
      <AuthFrame title={t('reset.title')} subtitle={t('reset.subtitle')}>
        <Stack>
          <Alert color="green" role="status">
            {t('reset.done')}
          </Alert>
          <Button component={Link} to="/sign-in" fullWidth>
            {t('reset.signIn')}
          </Button>
        </Stack>
      </AuthFrame>
    );
  const inField = f.form.errors.newPassword !== undefined;
  return (
    <AuthFrame title={t('reset.title')} subtitle={t('reset.subtitle')}>
      <form onSubmit={f.submit((v) => reset.mutate(v))} noValidate>
        <Stack>
          <PasswordInput
            label={t('reset.password')}
            description={t('password.hint')}
            autoComplete="new-password"
            required
            {...f.field('newPassword')}
          />
          <PasswordInput
            label={t('reset.confirm')}
            autoComplete="new-password"
            required
            {...f.field('again')}
          />
          <FormError error={inField ? null : reset.error} />
          <Button type="submit" loading={reset.isPending} disabled={!f.ready} fullWidth>
            {t('reset.submit')}
          </Button>
        </Stack>
      </form>
    </AuthFrame>
  );
}
