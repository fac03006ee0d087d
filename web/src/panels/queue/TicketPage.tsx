import { Alert, Center, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useParams } from 'react-router';
import { ApiError, api, unwrap } from '../../api/client';
import { useLiveTopic } from '../../api/live';
import { type Translate, useT } from '../../i18n';
import { isolate } from '../../i18n/format';
import { useLiveDown } from '../../ui/LiveBadge';
import { LangSwitch } from './LangSwitch';
import { useLangParam } from './public-lang';
import classes from './queue.module.css';
import type { PublicTicket } from './queue-api';
import { useNow } from './use-now';

/** Where the patient stands, in words: "3 people ahead of you", "You're next", "Please go to …". */
function stateText(t: Translate, d: PublicTicket): string {
  const doctor = isolate(d.doctorName);
  switch (d.state) {
    case 'waiting':
      return (d.peopleAhead ?? 0) === 0
        ? t('queue.ticket.next')
        : t('queue.ticket.ahead', { count: d.peopleAhead ?? 0 });
    case 'called':
      return t('queue.ticket.called', { doctor });
    case 'in_consultation':
      return t('queue.ticket.inConsultation', { doctor });
    case 'done':
      return t('queue.ticket.done');
    case 'checked_out':
      return t('queue.ticket.checkedOut');
    case 'left':
      return t('queue.ticket.left');
  }
}

/**
 * The patient's live ticket (public, from the link in the SMS or the patient panel): number,
 * place in the line, estimated wait, updated as the line moves.
 */
export function TicketPage() {
  const { token = '' } = useParams();
  useLangParam();
  const t = useT();
  const qc = useQueryClient();
  const now = useNow(30_000);
  const offline = useLiveDown();
  const key = ['public-queue', 'ticket', token];
  const ticket = useQuery({
    queryKey: key,
    queryFn: () => unwrap(api.GET('/api/v1/public/queue/tickets/{token}', { params: { path: { token } } })),
    retry: (n, e) => !(e instanceof ApiError && e.status === 404) && n < 3,
    refetchInterval: 60_000,
  });
  const d = ticket.data;
  useLiveTopic(
    d?.clinicId,
    d ? `queue/ticket/${d.entryId}` : undefined,
    () => qc.invalidateQueries({ queryKey: key }),
    {
      token,
    },
  );
  useEffect(() => {
    document.title = `${t('queue.ticket.title')} · ${d?.clinicName ?? t('app.name')}`;
  }, [t, d?.clinicName]);
  const waiting = d && (d.state === 'waiting' || d.state === 'called');
  // Counted down between updates from the estimated start, not frozen at the last answer.
  const waitMinutes = d?.estimatedStartAt
    ? Math.max(0, Math.ceil((Date.parse(d.estimatedStartAt) - now) / 60_000))
    : (d?.estimatedWaitMinutes ?? null);

  return (
    <Center mih="100vh" p="md" bg="var(--mantine-color-gray-0)">
      <Stack w="100%" maw={420} gap="lg">
        <Group justify="flex-end">
          <LangSwitch />
        </Group>
        <Paper withBorder shadow="sm" radius="md" p="lg" component="main" id="main">
          {ticket.error instanceof ApiError && ticket.error.status === 404 ? (
            <Alert color="gray" title={t('queue.ticket.goneTitle')}>
              {t('queue.ticket.gone')}
            </Alert>
          ) : !d ? (
            <Center role="status" aria-label={t('common.loading')}>
              <Loader aria-hidden />
            </Center>
          ) : (
            <Stack gap="md" align="center" ta="center" data-testid="ticket">
              <Text c="dimmed" size="sm">
                <bdi>{d.clinicName}</bdi>
              </Text>
              <Title order={1} size="h4">
                {t('queue.ticket.yourTicket')}
              </Title>
              <Text className={classes.bigTicket} data-testid="ticket-number">
                {d.ticket}
              </Text>
              <Text size="xl" fw={700} role="status" aria-live="polite" data-testid="ticket-state">
                {stateText(t, d)}
              </Text>
              {waiting && d.state === 'waiting' && waitMinutes !== null && (
                <Text size="md" data-testid="ticket-wait">
                  {t('queue.ticket.wait', { count: waitMinutes })}
                </Text>
              )}
              {waiting && (
                <Text size="sm" c="dimmed">
                  {t('queue.ticket.doctor', { doctor: isolate(d.doctorName) })}
                </Text>
              )}
              <Text size="xs" c="dimmed">
                {t(offline ? 'live.offline' : 'queue.ticket.live')}
              </Text>
            </Stack>
          )}
        </Paper>
      </Stack>
    </Center>
  );
}
