import { addDays, localTimeOf, todayIn } from '@cliniclick/time';
import { Button, Group, Loader, Paper, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useMe } from '../../api/me';
import { useI18n, useT } from '../../i18n';
import { Words } from '../../i18n/rich';
import { ErrorState } from '../../ui/ErrorState';
import { FormError } from '../../ui/FormError';
import { Page } from '../../ui/Page';
import { useClinic, usePlace } from '../../ui/place';
import { AppointmentDialog } from './AppointmentDialog';
import { useAnnounce } from './announce';
import { type Appointment, useAppointmentAction, useAppointments } from './api';
import { CalendarFeed } from './CalendarFeed';
import { dayLabel } from './day-labels';
import { FeedbackToast } from './feedback';
import { useServiceName } from './names';
import { isInactive, StatusBadge } from './status';

/** The steps a doctor takes from the agenda itself; the rest (no-show, cancel, move) from details. */
const QUICK = ['checkIn', 'start', 'complete'] as const;

/** A doctor's own visits, today or the week ahead, as a list that works one-handed on a phone. */
export function AgendaPage() {
  const { t, locale } = useI18n();
  const { clinicTimeZone: zone } = useClinic();
  const me = useMe().data;
  const today = todayIn(zone);
  const [span, setSpan] = useState<'today' | 'week'>('today');
  const days = span === 'today' ? 1 : 7;
  const list = useAppointments(today, days, me?.user.id);
  const [open, setOpen] = useState<Appointment | null>(null);
  const byDay = new Map<string, Appointment[]>();
  for (const a of [...(list.data ?? [])].sort((x, y) => x.startsAt.localeCompare(y.startsAt))) {
    const d = localTimeOf(a.startsAt, zone).day;
    byDay.set(d, [...(byDay.get(d) ?? []), a]);
  }
  const dayTitle = (d: string) =>
    d === today
      ? t('schedule.todayWith', { day: dayLabel(d, locale, 'long') })
      : d === addDays(today, 1)
        ? t('schedule.tomorrowWith', { day: dayLabel(d, locale, 'long') })
        : dayLabel(d, locale, 'long');

  return (
    <Page title={t('schedule.agendaTitle')} subtitle={t('schedule.agendaSubtitle')}>
      <SegmentedControl
        value={span}
        onChange={(v) => setSpan(v === 'week' ? 'week' : 'today')}
        data={[
          { value: 'today', label: t('schedule.today') },
          { value: 'week', label: t('schedule.nextSevenDays') },
        ]}
        fullWidth
        maw={420}
      />
      {list.isPending && <Loader size="sm" role="status" aria-label={t('common.loading')} />}
      {list.isError && <ErrorState error={list.error} onRetry={() => list.refetch()} />}
      {list.data && list.data.length === 0 && <Text c="dimmed">{t('schedule.agendaEmpty')}</Text>}
      {[...byDay].map(([d, items]) => (
        <Stack key={d} gap="xs" component="section" aria-label={dayTitle(d)}>
          <Title order={2} size="h4">
            {dayTitle(d)}
          </Title>
          {items.map((a) => (
            <AgendaItem key={a.id} a={a} onDetails={() => setOpen(a)} />
          ))}
        </Stack>
      ))}
      {me && <CalendarFeed doctorId={me.user.id} />}
      <AppointmentDialog appointment={open} onClose={() => setOpen(null)} />
      <FeedbackToast />
    </Page>
  );
}

function AgendaItem({ a, onDetails }: { a: Appointment; onDetails: () => void }) {
  const t = useT();
  const { format } = usePlace();
  const nameOf = useServiceName();
  const action = useAppointmentAction(useAnnounce().changed);
  const quick = QUICK.filter((x) => a.actions.includes(x));
  return (
    <Paper
      withBorder
      p="sm"
      data-testid="agenda-item"
      data-status={a.status}
      style={{ borderInlineStart: `5px solid ${a.serviceColor ?? 'var(--mantine-color-gray-5)'}` }}
    >
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <div>
          <Text fw={700}>
            {format.time(a.startsAt)} – {format.time(a.endsAt)}
          </Text>
          <Text fw={600} td={isInactive(a.status) ? 'line-through' : undefined}>
            <bdi>{a.patientName}</bdi>
          </Text>
          <Text size="sm">
            <Words
              k="schedule.serviceMode"
              values={{ service: nameOf(a), mode: t(`schedule.mode.${a.mode}`) }}
            />
          </Text>
        </div>
        <StatusBadge status={a.status} />
      </Group>
      <FormError error={action.error} />
      <Group gap="xs" mt="xs">
        {quick.map((x) => (
          <Button
            key={x}
            size="sm"
            loading={action.isPending}
            onClick={() => action.mutate({ id: a.id, action: x })}
          >
            {t(`schedule.action.${x}`)}
          </Button>
        ))}
        <Button size="sm" variant="default" onClick={onDetails}>
          {t('schedule.details')}
        </Button>
      </Group>
    </Paper>
  );
}
