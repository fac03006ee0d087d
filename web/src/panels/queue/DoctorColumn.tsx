import { Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconSpeakerphone } from '@tabler/icons-react';
import { useT } from '../../i18n';
import { type Ask, EntryCard } from './EntryCard';
import classes from './queue.module.css';
import type { DoctorColumn as Column, EntryAction, QueueEntry } from './queue-api';

/**
 * One doctor's line on the desk's board: who is with the doctor (or called), who waits in order,
 * and those finished today who still need checking out.
 */
export function DoctorColumn({
  column,
  now,
  warnMinutes,
  onAct,
  onAsk,
  onCallNext,
  busyId,
}: {
  column: Column;
  now: number;
  warnMinutes: number;
  onAct: (entry: QueueEntry, action: EntryAction) => void;
  onAsk: (ask: Ask) => void;
  onCallNext: (doctorId: string) => void;
  busyId: string | null;
}) {
  const t = useT();
  const waiting = column.waiting;
  const toCheckOut = column.finished.filter((e) => e.state === 'done');
  const line = { first: waiting.filter((w) => w.state === 'called').length + 1, last: waiting.length };
  const card = (e: QueueEntry) => (
    <EntryCard
      key={e.id}
      entry={e}
      now={now}
      warnMinutes={warnMinutes}
      line={line}
      onAct={onAct}
      onAsk={onAsk}
      busy={busyId === e.id}
    />
  );
  return (
    <Paper
      withBorder
      radius="md"
      p="sm"
      component="section"
      aria-label={column.name}
      className={classes.column}
      data-testid="doctor-column"
    >
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Title order={2} size="h5" lineClamp={1}>
            <bdi>{column.name}</bdi>
          </Title>
          <Badge variant="light" color="gray" data-testid="waiting-count">
            {t('queue.waitingCount', { count: waiting.length })}
          </Badge>
        </Group>
        {column.current ? (
          <Stack gap={4}>
            <Text size="xs" fw={700} c="dimmed" tt="uppercase">
              {t(column.current.state === 'called' ? 'queue.calledNow' : 'queue.withDoctor')}
            </Text>
            {card(column.current)}
          </Stack>
        ) : (
          <Text size="sm" c="dimmed">
            {t('queue.nobodyWithDoctor')}
          </Text>
        )}
        <Stack gap={4}>
          <Group justify="space-between" gap="xs">
            <Text size="xs" fw={700} c="dimmed" tt="uppercase">
              {t('queue.waitingTitle')}
            </Text>
            {waiting.length > 0 && (
              <Button
                size="compact-xs"
                variant="light"
                leftSection={<IconSpeakerphone size={14} aria-hidden />}
                onClick={() => onCallNext(column.doctorId)}
              >
                {t('queue.callNext')}
              </Button>
            )}
          </Group>
          {waiting.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('queue.nobodyWaiting')}
            </Text>
          ) : (
            <Stack gap={6} data-testid="waiting-list">
              {waiting.map(card)}
            </Stack>
          )}
        </Stack>
        {toCheckOut.length > 0 && (
          <Stack gap={4}>
            <Text size="xs" fw={700} c="dimmed" tt="uppercase">
              {t('queue.toCheckOut')}
            </Text>
            {toCheckOut.map(card)}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
