import { Alert, Anchor, Button, Group, PasswordInput, Stack, Tabs, TextInput } from '@mantine/core';
import { IconInfoCircle, IconLock, IconMessage2 } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import { api, unwrap } from '../api/client';
import { useMe } from '../api/me';
import { useT } from '../i18n';
import { FormError } from '../ui/FormError';
import { check, useI18nForm } from '../ui/form';
import { AuthFrame } from './AuthFrame';
import { MfaStep } from './MfaStep';
import { homePath, safeNext } from './session';
import { useSignedIn } from './signed-in';

function StaffForm() {
  const t = useT();
  const signedIn = useSignedIn();
  const [challenge, setChallenge] = useState<string | null>(null);
  const f = useI18nForm({
    initialValues: { email: '', password: '' },
    required: ['email', 'password'],
    rules: { email: check.email },
  });
  const login = useMutation({
    mutationFn: (body: { email: string; password: string }) =>
      unwrap(api.POST('/api/v1/auth/login', { body }), { signIn: true }),
    // Two-step sign-in on: no session yet, the code comes next.
    onSuccess: (r) => ('mfaRequired' in r ? setChallenge(r.challenge) : signedIn()),
  });
  if (challenge)
    return (
      <MfaStep
        challenge={challenge}
        onRestart={() => {
          setChallenge(null);
          f.setFieldValue('password', '');
          login.reset();
        }}
      />
    );
  return (
    <form onSubmit={f.submit((v) => login.mutate(v))} noValidate>
      <Stack>
        <TextInput
          label={t('signIn.email')}
          type="email"
          autoComplete="username"
          inputMode="email"
          required
          {...f.field('email')}
        />
        <PasswordInput
          label={t('signIn.password')}
          autoComplete="current-password"
          required
          {...f.field('password')}
        />
        <Anchor component={Link} to="/forgot-password" size="sm" style={{ alignSelf: 'flex-end' }}>
          {t('forgot.link')}
        </Anchor>
        <FormError error={login.error} />
        <Button type="submit" loading={login.isPending} disabled={!f.ready} fullWidth>
          {t('signIn.submit')}
        </Button>
      </Stack>
    </form>
  );
}

function PatientForm() {
  const t = useT();
  const signedIn = useSignedIn();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const phoneForm = useI18nForm({
    initialValues: { phone: '' },
    required: ['phone'],
    rules: { phone: check.phone },
  });
  const codeForm = useI18nForm({ initialValues: { code: '' }, required: ['code'] });
  const request = useMutation({
    mutationFn: (phone: string) =>
      unwrap(api.POST('/api/v1/auth/otp/request', { body: { phone } }), { signIn: true }),
    onSuccess: (_r, phone) => {
      setSentTo(phone);
      codeForm.setFieldValue('code', '');
    },
  });
  const verify = useMutation({
    mutationFn: (code: string) =>
      unwrap(
        api.POST('/api/v1/auth/otp/verify', { body: { phone: sentTo ?? phoneForm.values.phone, code } }),
        {
          signIn: true,
        },
      ),
    onSuccess: signedIn,
  });
  const error = verify.error ?? request.error;

  if (!sentTo)
    return (
      <form onSubmit={phoneForm.submit((v) => request.mutate(v.phone))} noValidate>
        <Stack>
          <TextInput
            label={t('signIn.phone')}
            description={t('signIn.phoneHint')}
            type="tel"
            autoComplete="tel"
            inputMode="tel"
            dir="ltr"
            required
            {...phoneForm.field('phone')}
          />
          <FormError error={request.error} />
          <Button type="submit" loading={request.isPending} disabled={!phoneForm.ready} fullWidth>
            {t('signIn.sendCode')}
          </Button>
        </Stack>
      </form>
    );

  const code = codeForm.field('code');
  return (
    <form onSubmit={codeForm.submit((v) => verify.mutate(v.code))} noValidate>
      <Stack>
        <Alert color="blue" icon={<IconMessage2 aria-hidden />} role="status">
          {t('signIn.codeSent', { phone: sentTo })}
        </Alert>
        <TextInput
          label={t('signIn.code')}
          autoComplete="one-time-code"
          inputMode="numeric"
          maxLength={6}
          dir="ltr"
          autoFocus
          required
          {...code}
          onChange={(e) => codeForm.setFieldValue('code', e.currentTarget.value.replace(/\D/g, ''))}
          styles={{ input: { fontSize: 24, letterSpacing: '0.4em', textAlign: 'center' } }}
        />
        <FormError error={error} />
        <Button type="submit" loading={verify.isPending} disabled={codeForm.values.code.length < 6} fullWidth>
          {t('signIn.verify')}
        </Button>
        <Group justify="space-between">
          <Anchor component="button" type="button" size="sm" onClick={() => setSentTo(null)}>
            {t('signIn.otherPhone')}
          </Anchor>
          <Anchor component="button" type="button" size="sm" onClick={() => request.mutate(sentTo)}>
            {t('signIn.resend')}
          </Anchor>
        </Group>
      </Stack>
    </form>
  );
}

export function SignInPage() {
  const t = useT();
  const me = useMe();
  const [params] = useSearchParams();
  const [tab, setTab] = useState<string | null>(params.get('as') === 'patient' ? 'patient' : 'staff');
  // Already signed in (a bookmark, the back button): go straight on.
  if (me.data) return <Navigate to={safeNext(params.get('next')) ?? homePath(me.data)} replace />;
  const notice = params.get('ended')
    ? t('signIn.sessionEnded')
    : params.get('out')
      ? t('signIn.signedOut')
      : null;

  return (
    <AuthFrame title={t('signIn.title')} subtitle={t('signIn.subtitle')}>
      {notice && (
        <Alert color="yellow" icon={<IconInfoCircle aria-hidden />} role="status">
          {notice}
        </Alert>
      )}
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List grow mb="md">
          <Tabs.Tab value="staff" leftSection={<IconLock size={16} aria-hidden />}>
            {t('signIn.staffTab')}
          </Tabs.Tab>
          <Tabs.Tab value="patient" leftSection={<IconMessage2 size={16} aria-hidden />}>
            {t('signIn.patientTab')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="staff">
          <StaffForm />
        </Tabs.Panel>
        <Tabs.Panel value="patient">
          <PatientForm />
        </Tabs.Panel>
      </Tabs>
    </AuthFrame>
  );
}
