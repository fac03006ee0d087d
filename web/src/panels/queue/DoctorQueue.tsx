import { Button, Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconArrowBackUp, IconPlayerPlay, IconSpeakerphone, IconSquareCheck } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMe } from '../../api/me';
import { useT } from '../../i18n';
import { ErrorState } from '../../ui/ErrorState';
import { FormError } from '../../ui/FormError';
import { useLiveScreen } from '../../ui/live-screen';
import { Notice, useNotice } from '../../ui/notify';
import { Page } from '../../ui/Page';
import { useClinic } from '../../ui/place';
import { EntryCard } from './EntryCard';
import classes from './queue.module.css';
import { type EntryAction, type QueueEntry, queueKey, useQueueBoard, useQueueCalls } from './queue-api';
import { said } from './said';
import { useNow } from './use-now';

/**
 * A doctor's own queue, phone first: who is with them (Finish), who is called (Start, or back
 * to waiting), who waits and for how long, and one big "Call next".
 */
export function DoctorQueue() {
  const t = useT();
  const { clinicId } = useClinic();
  const doctorId = useMe().data?.user.id;
  const qc = useQueryClient();
  const notice = useNotice();
  const now = useNow();
  useLiveScreen();
  const board = useQueueBoard(clinicId, {
    ...(doctorId ? { doctorId } : {}),
    topic: doctorId ? `queue/doctor/${doctorId}` : 'queue',
  });
  const calls = useQueueCalls(clinicId);
  const change = useMutation({
    mutationFn: (c: { entry: QueueEntry; action: EntryAction } | { next: true }) =>
      'next' in c ? calls.callNext(doctorId!) : calls.act(c.entry.id, c.action),
    onSuccess: (entry) => {
      notice.show(said(t, entry));
      void qc.invalidateQueries({ queryKey: queueKey(clinicId) });
    },
  });

  if (board.isError) return <ErrorState error={board.error} onRetry={() => board.refetch()} />;
  const column = board.data?.doctors.find((d) => d.doctorId === doctorId) ?? board.data?.doctors[0];
  const warn = board.data?.waitWarnMinutes ?? 20;
  const all = column ? [...(column.current ? [column.current] : []), ...column.waiting] : [];
  const inRoom = all.find((e) => e.state === 'in_consultation');
  const called = all.filter((e) => e.state === 'called');
  const waiting = all.filter((e) => e.state === 'waiting');
  const act = (entry: QueueEntry, action: EntryAction) => change.mutate({ entry, action });
  const pending = (id: string) =>
    change.isPending && 'entry' in change.variables && change.variables.entry.id === id;

  return (
    <Page title={t('queue.doctor.title')} subtitle={t('queue.doctor.subtitle')}>
      <Notice notice={notice} />
      <FormError error={change.error} />
      <Button
        size="xl"
        fullWidth
        className={classes.callNext}
        leftSection={<IconSpeakerphone size={28} aria-hidden />}
        disabled={!board.data || waiting.length === 0 || called.length > 0}
        loading={change.isPending && 'next' in change.variables}
        onClick={() => change.mutate({ next: true })}
        data-testid="call-next"
      >
        {t('queue.callNext')}
      </Button>
      {inRoom && (
        <Card withBorder data-testid="in-room">
          <Stack gap="xs">
            <Title order={2} size="h5">
              {t('queue.withDoctor')}
            </Title>
            <EntryCard entry={inRoom} now={now} warnMinutes={warn} />
            <Button
              color="green"
              leftSection={<IconSquareCheck size={18} aria-hidden />}
              loading={pending(inRoom.id)}
              onClick={() => act(inRoom, 'finish')}
            >
              {t('queue.act.finish')}
            </Button>
          </Stack>
        </Card>
      )}
      {called.map((e) => (
        <Card withBorder key={e.id} data-testid="called">
          <Stack gap="xs">
            <Title order={2} size="h5">
              {t('queue.calledNow')}
            </Title>
            <EntryCard entry={e} now={now} warnMinutes={warn} />
            <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs">
              <Button
                leftSection={<IconPlayerPlay size={18} aria-hidden />}
                loading={pending(e.id)}
                disabled={!!inRoom}
                onClick={() => act(e, 'start')}
              >
                {t('queue.act.start')}
              </Button>
              <Button
                variant="default"
                leftSection={<IconArrowBackUp size={18} aria-hidden />}
                disabled={pending(e.id)}
                onClick={() => act(e, 'return')}
              >
                {t('queue.act.return')}
              </Button>
            </SimpleGrid>
          </Stack>
        </Card>
      ))}
      <Card withBorder>
        <Stack gap="xs">
          <Title order={2} size="h5">
            {t('queue.waitingCount', { count: waiting.length })}
          </Title>
          {board.data && waiting.length === 0 && (
            <Text size="sm" c="dimmed">
              {t('queue.nobodyWaiting')}
            </Text>
          )}
          <Stack gap={6} data-testid="waiting-list">
            {waiting.map((e) => (
              <EntryCard key={e.id} entry={e} now={now} warnMinutes={warn} />
            ))}
          </Stack>
        </Stack>
      </Card>
    </Page>
  );
}
