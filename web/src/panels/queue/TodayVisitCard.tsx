import { Anchor, Button, Divider, Stack, Text } from '@mantine/core';
import { IconMapPinCheck, IconTicket } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Fragment } from 'react';
import { useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client';
import { type MessageKey, useT } from '../../i18n';
import { Words } from '../../i18n/rich';
import { FormError } from '../../ui/FormError';
import { Panel } from '../../ui/Panel';
import { useClinic, usePlace } from '../../ui/place';
import { QrCode } from './QrCode';
import { queueKey } from './queue-api';

/** The app's own path of a ticket link (`…/app/ticket/<token>`), to open it without a reload. */
function appPath(url: string): string | null {
  const path = new URL(url, window.location.href).pathname;
  return path.startsWith('/app/') ? path.slice(4) : null;
}

/**
 * The patient's home card on the day of a visit: "Today at 10:30 with Dr Reed", an "I'm here"
 * button (self check-in, then the live ticket) and the visit's check-in code as a QR for the
 * desk; once checked in, the ticket's place in the line and its link. Nothing on other days.
 */
export function TodayVisitCard() {
  const t = useT();
  const { clinicId } = useClinic();
  const { format } = usePlace();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const key = [...queueKey(clinicId), 'mine'];
  const mine = useQuery({
    queryKey: key,
    queryFn: () => unwrap(api.GET('/api/v1/clinics/{clinicId}/me/queue', { params: { path: { clinicId } } })),
  });
  const here = useMutation({
    mutationFn: (appointmentId: string) =>
      unwrap(
        api.POST('/api/v1/clinics/{clinicId}/me/queue/check-in', {
          params: { path: { clinicId } },
          body: { appointmentId },
        }),
      ),
    onSuccess: ({ ticketUrl }) => {
      void qc.invalidateQueries({ queryKey: key });
      const path = appPath(ticketUrl);
      if (path) void navigate(path);
      else window.location.assign(ticketUrl);
    },
  });
  const data = mine.data;
  if (!data || (data.tickets.length === 0 && data.canCheckIn.length === 0)) return null;
  return (
    <Panel title={t('queue.mine.title')} icon={IconTicket} testId="card-today-visit">
      <Stack gap="sm">
        {data.tickets.map((tk) => (
          <Stack key={tk.entryId} gap={4} data-testid="my-ticket">
            <Text fw={600}>
              {tk.position
                ? t('queue.mine.ticketAt', { ticket: tk.ticket, position: tk.position })
                : t('queue.mine.ticket', {
                    ticket: tk.ticket,
                    state: t(`queue.state.${tk.state}` as MessageKey),
                  })}
            </Text>
            <Anchor href={tk.ticketUrl} size="sm">
              {t('queue.mine.openTicket')}
            </Anchor>
          </Stack>
        ))}
        {data.canCheckIn.map((a, i) => (
          <Fragment key={a.appointmentId}>
            {(i > 0 || data.tickets.length > 0) && <Divider />}
            <Stack gap="xs" align="flex-start" data-testid="can-check-in">
              <Text fw={600}>
                <Words
                  k="queue.mine.today"
                  values={{ time: format.time(a.startsAt), doctor: a.doctorName }}
                />
              </Text>
              <Button
                leftSection={<IconMapPinCheck size={18} aria-hidden />}
                loading={here.isPending && here.variables === a.appointmentId}
                onClick={() => here.mutate(a.appointmentId)}
              >
                {t('queue.mine.imHere')}
              </Button>
              <Text size="sm" c="dimmed">
                {t('queue.mine.qrHint')}
              </Text>
              <QrCode value={a.checkInCode} label={t('queue.mine.qrLabel', { code: a.checkInCode })} />
              <Text size="sm" dir="ltr" ff="monospace">
                {a.checkInCode}
              </Text>
            </Stack>
          </Fragment>
        ))}
        <FormError error={here.error} />
      </Stack>
    </Panel>
  );
}
