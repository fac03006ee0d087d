import { Badge, Button, Code, Group, Image, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { IconCopy, IconShieldCheck } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { useI18n, useT } from '../../i18n';
import { formatter } from '../../i18n/format';
import { ErrorState } from '../../ui/ErrorState';
import { FormError } from '../../ui/FormError';
import { Notice, useNotice } from '../../ui/notify';
import { OneTimeCodeInput, RecoveryCodeInput } from '../../ui/one-time-code';
import { RecoveryCodes } from './RecoveryCodes';
import { SecuritySection } from './SecuritySection';
import { SESSIONS_KEY } from './SessionsSection';

/** Not under `me`: signing out drops every query but the user's own. */
export const MFA_KEY = ['mfa-status'] as const;
type Enrolment = components['schemas']['MfaEnrolment'];

/** The QR code as an image (an SVG the server drew: no script, shown through `<img>` only). */
function QrCode({ svg }: { svg: string }) {
  const t = useT();
  return (
    <Image
      src={`data:image/svg+xml;base64,${btoa(svg)}`}
      alt={t('mfa.qrAlt')}
      w={200}
      h={200}
      bg="white"
      p={4}
      radius="sm"
      data-testid="mfa-qr"
    />
  );
}

/** Set up: scan (or type the key), then confirm with a first code. */
function EnrolForm({
  enrolment,
  onCancel,
  onEnabled,
}: {
  enrolment: Enrolment;
  onCancel: () => void;
  onEnabled: (codes: string[], othersSignedOut: number) => void;
}) {
  const t = useT();
  const [code, setCode] = useState('');
  const [copied, setCopied] = useState(false);
  const confirm = useMutation({
    mutationFn: (value: string) => unwrap(api.POST('/api/v1/me/mfa/totp/confirm', { body: { code: value } })),
    onSuccess: (r) => onEnabled(r.recoveryCodes, r.otherSessionsSignedOut),
    onError: () => setCode(''),
  });
  return (
    <Stack>
      <Text size="sm">{t('mfa.scan')}</Text>
      <QrCode svg={enrolment.qrSvg} />
      <Text size="sm">{t('mfa.manual')}</Text>
      <Group gap="xs">
        <Code dir="ltr" data-testid="mfa-secret" style={{ wordBreak: 'break-all', fontSize: 14 }}>
          {enrolment.secret.replace(/(.{4})/g, '$1 ').trim()}
        </Code>
        <Button
          size="xs"
          variant="default"
          leftSection={<IconCopy size={14} aria-hidden />}
          onClick={() => void navigator.clipboard?.writeText(enrolment.secret).then(() => setCopied(true))}
        >
          {copied ? t('mfa.copied') : t('mfa.copyKey')}
        </Button>
      </Group>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (code.length === 6) confirm.mutate(code);
        }}
        noValidate
      >
        <Stack maw={360}>
          <Text size="sm">{t('mfa.enterCode')}</Text>
          <OneTimeCodeInput label={t('mfa.code')} required value={code} onValue={setCode} />
          <FormError error={confirm.error} />
          <Group>
            <Button type="submit" loading={confirm.isPending} disabled={code.length !== 6}>
              {t('mfa.confirm')}
            </Button>
            <Button variant="default" onClick={onCancel}>
              {t('common.cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}

/** A code from the app, or a recovery code: one field takes either. */
function CodeField({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const t = useT();
  return (
    <RecoveryCodeInput
      label={t('mfa.codeOrRecovery')}
      autoComplete="one-time-code"
      required
      value={value}
      onValue={onChange}
    />
  );
}

function TurnOffForm({ onDone }: { onDone: () => void }) {
  const t = useT();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const off = useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/v1/me/mfa', { body: { password, code } })),
    onSuccess: onDone,
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (password && code) off.mutate();
      }}
      noValidate
    >
      <Stack>
        <Text size="sm">{t('mfa.off.intro')}</Text>
        <PasswordInput
          label={t('mfa.password')}
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          data-autofocus
        />
        <CodeField value={code} onChange={setCode} />
        <FormError error={off.error} />
        <Button type="submit" color="red.9" loading={off.isPending} disabled={!password || !code}>
          {t('mfa.off.submit')}
        </Button>
      </Stack>
    </form>
  );
}

function RenewForm({ onCodes }: { onCodes: (codes: string[]) => void }) {
  const t = useT();
  const [code, setCode] = useState('');
  const renew = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/me/mfa/recovery-codes', { body: { code } })),
    onSuccess: (r) => onCodes(r.recoveryCodes),
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (code) renew.mutate();
      }}
      noValidate
    >
      <Stack>
        <Text size="sm">{t('mfa.renew.intro')}</Text>
        <CodeField value={code} onChange={setCode} />
        <FormError error={renew.error} />
        <Button type="submit" loading={renew.isPending} disabled={!code}>
          {t('mfa.renew.submit')}
        </Button>
      </Stack>
    </form>
  );
}

/**
 * The "Two-step sign-in" card: whether it is on, set it up (QR code or key, then a first code),
 * the recovery codes once, new recovery codes, turn it off. `onEnabled` lets a page that
 * required it go on once it is on.
 */
export function TwoStepSection({ onEnabled }: { onEnabled?: () => void }) {
  const t = useT();
  // Also shown outside any panel (the page that requires it): the device's zone, not a clinic's.
  const { locale } = useI18n();
  const format = formatter(locale, Intl.DateTimeFormat().resolvedOptions().timeZone, 'USD');
  const queryClient = useQueryClient();
  const notice = useNotice();
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [dialog, setDialog] = useState<'off' | 'renew' | null>(null);
  const status = useQuery({ queryKey: MFA_KEY, queryFn: () => unwrap(api.GET('/api/v1/me/mfa')) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: MFA_KEY });
  const begin = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/me/mfa/totp')),
    onSuccess: (e) => {
      notice.clear();
      setEnrolment(e);
    },
  });
  const s = status.data;

  let body: ReactNode;
  if (status.isError) body = <ErrorState error={status.error} onRetry={() => status.refetch()} />;
  else if (!s) body = <Text size="sm">{t('common.loading')}</Text>;
  else if (codes) body = <RecoveryCodes codes={codes} onDone={() => setCodes(null)} />;
  else if (enrolment)
    body = (
      <EnrolForm
        enrolment={enrolment}
        onCancel={() => setEnrolment(null)}
        onEnabled={(recoveryCodes, others) => {
          setEnrolment(null);
          setCodes(recoveryCodes);
          notice.show(others > 0 ? t('mfa.enabledOthers', { count: others }) : t('mfa.enabled'));
          void refresh();
          void queryClient.invalidateQueries({ queryKey: SESSIONS_KEY });
          onEnabled?.();
        }}
      />
    );
  else if (s.enabled)
    body = (
      <Stack gap="xs">
        <Group gap="xs">
          <Badge color="teal.9" leftSection={<IconShieldCheck size={14} aria-hidden />}>
            {t('mfa.policy.memberOn')}
          </Badge>
          <Text size="sm">{t('mfa.statusOn', { date: format.date(s.enabledAt ?? '') })}</Text>
        </Group>
        <Text size="sm" c="dimmed">
          {t('mfa.recoveryLeft', { count: s.recoveryCodesLeft })}
        </Text>
        <Group mt="xs">
          <Button variant="default" onClick={() => setDialog('renew')}>
            {t('mfa.renew.open')}
          </Button>
          <Button variant="default" c="red.9" onClick={() => setDialog('off')}>
            {t('mfa.off.open')}
          </Button>
        </Group>
      </Stack>
    );
  else
    body = (
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{t('mfa.statusOff')}</Text>
        <FormError error={begin.error} />
        <Button onClick={() => begin.mutate()} loading={begin.isPending}>
          {t('mfa.start')}
        </Button>
      </Stack>
    );

  return (
    <SecuritySection id="two-step-title" title={t('mfa.title')} intro={t('mfa.intro')}>
      <Notice notice={notice} />
      {body}
      <Modal opened={dialog === 'off'} onClose={() => setDialog(null)} title={t('mfa.off.title')}>
        <TurnOffForm
          onDone={() => {
            setDialog(null);
            notice.show(t('mfa.off.done'));
            void refresh();
          }}
        />
      </Modal>
      <Modal opened={dialog === 'renew'} onClose={() => setDialog(null)} title={t('mfa.renew.title')}>
        <RenewForm
          onCodes={(c) => {
            setDialog(null);
            setCodes(c);
            void refresh();
          }}
        />
      </Modal>
    </SecuritySection>
  );
}
