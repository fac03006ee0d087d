import { Alert, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { useT } from '../../i18n';
import { FormError } from '../../ui/FormError';
import { usePlace } from '../../ui/place';
import { useClearCall, useNotices, useRevokeLinks } from './notices-api';

const STATUS_COLOR = {
  queued: 'gray.7',
  sent: 'blue.9',
  delivered: 'teal.9',
  failed: 'red.9',
  answered: 'grape.9',
} as const;

/** The appointment dialog's message history: each message with its delivery status, the flags. */
export function NoticesSection({ appointmentId }: { appointmentId: string }) {
  const t = useT();
  const { format } = usePlace();
  const notices = useNotices(appointmentId);
  const clear = useClearCall();
  const revoke = useRevokeLinks();
  const n = notices.data;
  if (!n) return null;
  return (
    <Stack gap={6} data-testid="notices">
      <Text size="sm" fw={600}>
        {t('notices.title')}
      </Text>
      {n.callPatientSince && (
        <Alert color="red" p="xs" data-testid="call-flag">
          <Group justify="space-between" gap="xs">
            <Text size="sm">{t('notices.callFlag')}</Text>
            <Button
              size="compact-sm"
              variant="outline"
              loading={clear.isPending}
              onClick={() => clear.mutate(appointmentId)}
            >
              {t('notices.callDone')}
            </Button>
          </Group>
        </Alert>
      )}
      {n.attendanceConfirmedAt && (
        <Text size="sm" data-testid="attendance-confirmed">
          {t('notices.attendanceConfirmed', { when: format.dateTime(n.attendanceConfirmedAt) })}
        </Text>
      )}
      {n.messages.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('notices.none')}
        </Text>
      )}
      {n.messages.map((m) => (
        <Group key={m.id} gap="xs" wrap="nowrap" data-testid="notice" data-status={m.status}>
          <Badge color={STATUS_COLOR[m.status]} variant="filled" size="sm" radius="sm" tt="none">
            {t(`notices.status.${m.status}`)}
          </Badge>
          <Text size="sm">
            {t('notices.line', {
              kind: t(`notices.kind.${m.kind}`),
              channel: t(`notices.channel.${m.channel}`),
              when: format.dateTime(m.queuedAt),
            })}
            {m.fallbackOf ? ` · ${t('notices.fallback')}` : ''}
          </Text>
        </Group>
      ))}
      <FormError error={clear.error ?? revoke.error} />
      <Group>
        <Button
          size="compact-sm"
          variant="subtle"
          loading={revoke.isPending}
          onClick={() => revoke.mutate(appointmentId)}
        >
          {revoke.data ? t('notices.linksRevoked', { count: revoke.data.revoked }) : t('notices.revokeLinks')}
        </Button>
      </Group>
    </Stack>
  );
}
