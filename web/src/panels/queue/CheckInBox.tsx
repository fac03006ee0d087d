import { Badge, Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconLogin2, IconSearch } from '@tabler/icons-react';
import { type ReactNode, useRef, useState } from 'react';
import { useT } from '../../i18n';
import { Words } from '../../i18n/rich';
import { usePlace } from '../../ui/place';
import { looksLikeCode, matchNotArrived, type NotArrived } from './queue-api';

const SHOWN = 5;

/**
 * The desk's one box for arrivals: a name, a phone or the code of the patient's QR (a scanner
 * types it), then Enter checks in the one match. Several matches: one tap on the right one.
 */
export function CheckInBox({
  notArrived,
  onCheckIn,
  pending,
  action,
}: {
  notArrived: readonly NotArrived[];
  /** Answers whether it worked (a failure is shown by the page). */
  onCheckIn: (what: { appointmentId: string } | { code: string }) => Promise<boolean>;
  pending: boolean;
  /** Beside the title: the desk's other way in (Walk-in). */
  action?: ReactNode;
}) {
  const t = useT();
  const [typed, setTyped] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const matches = matchNotArrived(notArrived, typed);
  const code = matches.length === 0 && looksLikeCode(typed) ? typed.trim() : null;
  const go = async (what: { appointmentId: string } | { code: string }) => {
    if (await onCheckIn(what)) setTyped('');
    input.current?.focus();
  };
  const enter = (e: React.KeyboardEvent) => {
    if (e.key !== 'Enter' || pending) return;
    e.preventDefault();
    if (matches.length === 1) void go({ appointmentId: matches[0]!.appointmentId });
    else if (code) void go({ code });
  };
  return (
    <Card withBorder data-testid="check-in-box">
      <Stack gap="sm">
        <Group justify="space-between" gap="xs">
          <Title order={2} size="h4">
            {t('queue.checkIn.title')}
          </Title>
          {action}
        </Group>
        <TextInput
          ref={input}
          label={t('queue.checkIn.label')}
          description={t('queue.checkIn.hint')}
          leftSection={<IconSearch size={16} aria-hidden />}
          value={typed}
          onChange={(e) => setTyped(e.currentTarget.value)}
          onKeyDown={enter}
          autoComplete="off"
          data-autofocus
          data-testid="check-in-search"
        />
        {typed.trim() && matches.length === 0 && !code && (
          <Text size="sm" c="dimmed">
            {t('queue.checkIn.noMatch')}
          </Text>
        )}
        {code && (
          <Group justify="space-between">
            <Text size="sm">{t('queue.checkIn.codeTyped')}</Text>
            <Button size="xs" onClick={() => void go({ code })} loading={pending}>
              {t('queue.checkIn.byCode')}
            </Button>
          </Group>
        )}
        {matches.length > 0 && (
          <Stack gap={4} role="list" aria-label={t('queue.checkIn.matches')}>
            {matches.slice(0, SHOWN).map((a) => (
              <ArrivalLine key={a.appointmentId} a={a} pending={pending} onCheckIn={go} />
            ))}
            {matches.length === 1 && (
              <Text size="xs" c="dimmed">
                {t('queue.checkIn.enterHint')}
              </Text>
            )}
          </Stack>
        )}
      </Stack>
    </Card>
  );
}

/** One expected patient: time, name, doctor, late mark, and a one-tap Check in. */
export function ArrivalLine({
  a,
  pending,
  onCheckIn,
}: {
  a: NotArrived;
  pending: boolean;
  onCheckIn: (what: { appointmentId: string }) => Promise<unknown>;
}) {
  const t = useT();
  const { format } = usePlace();
  return (
    <Group justify="space-between" wrap="nowrap" gap="xs" role="listitem" data-testid="not-arrived">
      <Stack gap={0} miw={0}>
        <Group gap={6} wrap="nowrap">
          <Text size="sm" fw={600} truncate>
            <bdi>{a.patientName}</bdi>
          </Text>
          {a.late && (
            <Badge color="orange" variant="light" c="dark.7" size="xs">
              {t('queue.lateShort')}
            </Badge>
          )}
        </Group>
        <Text size="xs" c="dimmed" truncate>
          <Words k="queue.expectedLine" values={{ time: format.time(a.startsAt), doctor: a.doctorName }} />
        </Text>
      </Stack>
      <Button
        size="xs"
        variant="light"
        leftSection={<IconLogin2 size={14} aria-hidden />}
        disabled={pending}
        onClick={() => void onCheckIn({ appointmentId: a.appointmentId })}
        aria-label={t('queue.checkIn.oneLabel', { name: a.patientName })}
      >
        {t('queue.checkIn.one')}
      </Button>
    </Group>
  );
}
