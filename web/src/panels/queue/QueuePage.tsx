import { Button, Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconUserPlus } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useT } from '../../i18n';
import { Words } from '../../i18n/rich';
import { ErrorState } from '../../ui/ErrorState';
import { FormError } from '../../ui/FormError';
import { useLiveScreen } from '../../ui/live-screen';
import { Notice, useNotice } from '../../ui/notify';
import { Page } from '../../ui/Page';
import { useClinic, usePlace } from '../../ui/place';
import { ArrivalLine, CheckInBox } from './CheckInBox';
import { DisplaysSection } from './DisplaysSection';
import { DoctorColumn } from './DoctorColumn';
import { DoctorQueue } from './DoctorQueue';
import type { Ask } from './EntryCard';
import { EstimatesSection } from './EstimatesSection';
import { type EntryAction, type QueueEntry, queueKey, useQueueBoard, useQueueCalls } from './queue-api';
import { ReasonDialog } from './ReasonDialog';
import { said, saidUrgent } from './said';
import { useNow } from './use-now';
import { WalkInDialog } from './WalkInDialog';

/** The Queue page: the desk's live board (owner, secretary), or a doctor's own queue. */
export function QueuePage() {
  const { role } = useClinic();
  return role === 'doctor' ? <DoctorQueue /> : <QueueBoardPage />;
}

type Change =
  | { kind: 'act'; entry: QueueEntry; action: EntryAction; reason?: string }
  | { kind: 'move'; entry: QueueEntry; position: number; reason: string }
  | { kind: 'urgent'; entry: QueueEntry; reason: string }
  | { kind: 'callNext'; doctorId: string };

function QueueBoardPage() {
  const t = useT();
  const clinic = useClinic();
  const { format } = usePlace();
  const { clinicId } = clinic;
  const qc = useQueryClient();
  const notice = useNotice();
  const now = useNow();
  useLiveScreen();
  const board = useQueueBoard(clinicId, { topic: 'queue' });
  const calls = useQueueCalls(clinicId);
  const [ask, setAsk] = useState<Ask | null>(null);
  const [walkIn, setWalkIn] = useState(false);
  const refresh = () => qc.invalidateQueries({ queryKey: queueKey(clinicId) });
  const done = (entry: QueueEntry, text?: string) => {
    notice.show(text ?? said(t, entry));
    void refresh();
  };

  const checkIn = useMutation({
    mutationFn: calls.checkIn,
    onSuccess: (entry) => done(entry),
  });
  const change = useMutation({
    mutationFn: (c: Change): Promise<QueueEntry> => {
      switch (c.kind) {
        case 'act':
          return calls.act(c.entry.id, c.action, c.reason);
        case 'move':
          return calls.move(c.entry.id, c.position, c.reason);
        case 'urgent':
          return calls.urgent(c.entry.id, !c.entry.urgent, c.reason);
        case 'callNext':
          return calls.callNext(c.doctorId);
      }
    },
    onSuccess: (entry, c) => {
      setAsk(null);
      done(entry, c.kind === 'urgent' ? saidUrgent(t, entry) : undefined);
    },
  });
  const busyId = change.isPending && change.variables.kind !== 'callNext' ? change.variables.entry.id : null;

  if (board.isError) return <ErrorState error={board.error} onRetry={() => board.refetch()} />;
  const data = board.data;
  const columns = data?.doctors ?? [];
  const warn = data?.waitWarnMinutes ?? 20;
  const canManageDisplays = clinic.role === 'owner' || clinic.role === 'secretary';
  const askedLine = ask ? columns.find((c) => c.doctorId === ask.entry.doctorId)?.waiting : undefined;
  const line = {
    first: (askedLine?.filter((e) => e.state === 'called').length ?? 0) + 1,
    last: askedLine?.length ?? 1,
  };

  return (
    <Page
      title={t('queue.title')}
      subtitle={
        data ? (
          <Words
            k="queue.subtitle"
            values={{ date: format.date(new Date(now)), code: <span dir="ltr">{data.checkInCode}</span> }}
          />
        ) : undefined
      }
    >
      <Notice notice={notice} />
      <FormError error={checkIn.error ?? (ask ? null : change.error)} />
      <CheckInBox
        action={
          <Button
            variant="light"
            leftSection={<IconUserPlus size={18} aria-hidden />}
            onClick={() => setWalkIn(true)}
            data-testid="walk-in"
          >
            {t('queue.walkIn.open')}
          </Button>
        }
        notArrived={data?.notArrived ?? []}
        pending={checkIn.isPending}
        onCheckIn={(what) =>
          checkIn.mutateAsync(what).then(
            () => true,
            () => false,
          )
        }
      />
      {data && columns.length === 0 && <Text c="dimmed">{t('queue.noDoctors')}</Text>}
      <SimpleGrid
        cols={{ base: 1, sm: Math.min(2, columns.length || 1), lg: Math.min(3, columns.length || 1) }}
      >
        {columns.map((c) => (
          <DoctorColumn
            key={c.doctorId}
            column={c}
            now={now}
            warnMinutes={warn}
            busyId={busyId}
            onAct={(entry, action) => change.mutate({ kind: 'act', entry, action })}
            onAsk={setAsk}
            onCallNext={(doctorId) => change.mutate({ kind: 'callNext', doctorId })}
          />
        ))}
      </SimpleGrid>
      {data && (
        <Card withBorder data-testid="not-arrived-list">
          <Stack gap="sm">
            <Title order={2} size="h4">
              {t('queue.notArrived.title')}
            </Title>
            {data.notArrived.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('queue.notArrived.empty')}
              </Text>
            ) : (
              <Stack gap={8} role="list" aria-label={t('queue.notArrived.title')}>
                {data.notArrived.map((a) => (
                  <ArrivalLine
                    key={a.appointmentId}
                    a={a}
                    pending={checkIn.isPending}
                    onCheckIn={(what) => checkIn.mutateAsync(what).catch(() => undefined)}
                  />
                ))}
              </Stack>
            )}
          </Stack>
        </Card>
      )}
      {canManageDisplays && <DisplaysSection />}
      {clinic.role === 'owner' && <EstimatesSection />}
      <ReasonDialog
        ask={ask}
        line={line}
        onClose={() => {
          setAsk(null);
          change.reset();
        }}
        pending={change.isPending}
        error={change.error}
        onConfirm={(a, reason) => {
          if (a.kind === 'move')
            change.mutate({ kind: 'move', entry: a.entry, position: a.position, reason });
          else if (a.kind === 'urgent') change.mutate({ kind: 'urgent', entry: a.entry, reason });
          else change.mutate({ kind: 'act', entry: a.entry, action: 'left', ...(reason ? { reason } : {}) });
        }}
      />
      <WalkInDialog
        opened={walkIn}
        onClose={() => setWalkIn(false)}
        onJoined={(entry) => {
          setWalkIn(false);
          done(entry);
        }}
      />
    </Page>
  );
}
