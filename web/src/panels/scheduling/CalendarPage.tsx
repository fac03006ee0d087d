import { addDays, isIsoDate, localTimeOf, mondayOf, notBefore, todayIn } from '@cliniclick/time';
import { Button, Group, Loader, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import {
  IconBolt,
  IconChevronLeft,
  IconChevronRight,
  IconPlus,
  IconPrinter,
  IconStarFilled,
} from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useMe } from '../../api/me';
import { useI18n } from '../../i18n';
import { ErrorState } from '../../ui/ErrorState';
import { Page } from '../../ui/Page';
import { useClinic } from '../../ui/place';
import { AppointmentDialog } from './AppointmentDialog';
import { type Appointment, type Slot, useAppointments, useDoctors, useServices, useSlots } from './api';
import { BookingDialog, type BookingStart } from './BookingDialog';
import { type CalendarColumn, CalendarGrid } from './CalendarGrid';
import { CalendarLegend, calendarColors, isColorBy } from './CalendarLegend';
import { CallPatients } from './CallPatients';
import { useWorkDays } from './calendar-api';
import { dayLabel } from './day-labels';
import { FeedbackToast, useFeedback } from './feedback';
import { useServiceName } from './names';
import { PrintDay } from './PrintDay';

type View = 'day' | 'week' | 'print';

/**
 * The clinic's calendar: a day with a column per doctor, or a week with a column per day, in the
 * clinic's time zone. Choosing a service shows its free times beside each column; a click books.
 * The view, day, doctor and service live in the URL, so a reload or a shared link keeps them.
 */
export function CalendarPage() {
  const { t, locale, dir } = useI18n();
  const nameOf = useServiceName();
  const clinic = useClinic();
  const me = useMe().data;
  const zone = clinic.clinicTimeZone;
  const today = todayIn(zone);
  const [params, setParams] = useSearchParams();
  const set = (k: string, v: string | null) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (v) next.set(k, v);
        else next.delete(k);
        return next;
      },
      { replace: true },
    );
  const asked = params.get('view');
  const view: View = asked === 'week' || asked === 'print' ? asked : 'day';
  const colorParam = params.get('color');
  const colorBy = isColorBy(colorParam) ? colorParam : 'service';
  const day = isIsoDate(params.get('date')) ? params.get('date')! : today;
  // A doctor sees only their own calendar: the API narrows it, the screen says so.
  const ownOnly = clinic.role === 'doctor';
  const doctorId = ownOnly ? me?.user.id : params.get('doctor') || undefined;
  const serviceId = params.get('service');

  const doctors = useDoctors();
  const services = useServices();
  const firstDay = view === 'week' ? mondayOf(day) : day;
  const days = view === 'week' ? 7 : 1;
  const appointments = useAppointments(firstDay, days, doctorId);
  const workDays = useWorkDays(firstDay, days, doctorId);
  const lastDay = addDays(firstDay, days - 1);
  // Free times only from today on: the past has none, and the API refuses a range ending before it.
  const slots = useSlots(
    lastDay < today || view === 'print' ? null : serviceId,
    notBefore(firstDay, today),
    lastDay,
    doctorId,
  );
  const [open, setOpen] = useState<Appointment | null>(null);
  const [booking, setBooking] = useState<BookingStart | null>(null);
  useScrollToNowAndChanges(
    `${view}|${firstDay}|${doctorId ?? ''}`,
    !!appointments.data && !!doctors.data,
    appointments.data,
    (d) => d >= firstDay && d <= lastDay,
    (d) => set('date', d),
  );

  const doctorList = (doctors.data ?? []).filter((d) => !doctorId || d.id === doctorId);
  const doctorName = (id: string) => doctors.data?.find((d) => d.id === id)?.name ?? '';
  const items = appointments.data ?? [];
  const free = slots.data ?? [];
  const colors = calendarColors(colorBy, doctors.data ?? [], items);
  /** A day folds when nobody works then and nothing is booked (a visit booked anyway keeps it open). */
  const closed = (d: string, booked: number) => workDays.data?.get(d) === false && booked === 0;

  const columns: CalendarColumn[] =
    view === 'day'
      ? doctorList.map((d) => ({
          key: d.id,
          day,
          label: d.name,
          today: day === today,
          appointments: items.filter((a) => a.doctorId === d.id),
          free: freeAt(free.filter((s) => s.doctorId === d.id)),
        }))
      : Array.from({ length: 7 }, (_, i) => {
          const d = addDays(firstDay, i);
          const booked = items.filter((a) => localTimeOf(a.startsAt, zone).day === d);
          return {
            key: d,
            day: d,
            label: dayLabel(d, locale, 'weekday'),
            sub: dayLabel(d, locale, 'date'),
            today: d === today,
            appointments: booked,
            free: freeAt(free.filter((s) => localTimeOf(s.start, zone).day === d)),
            closed: closed(d, booked.length),
          };
        });

  const minutes = [
    ...items.flatMap((a) => [
      localTimeOf(a.startsAt, zone).minutes,
      localTimeOf(a.endsAt, zone).minutes || 24 * 60,
    ]),
    ...free.map((s) => localTimeOf(s.start, zone).minutes),
  ];
  const startMin = Math.min(8 * 60, ...minutes.map((m) => Math.floor(m / 60) * 60));
  const endMin = Math.max(18 * 60, ...minutes.map((m) => Math.ceil((m + 15) / 60) * 60));

  const step = view === 'week' ? 7 : 1;
  const Back = dir === 'rtl' ? IconChevronRight : IconChevronLeft;
  const Forward = dir === 'rtl' ? IconChevronLeft : IconChevronRight;
  const heading =
    view === 'week'
      ? t('schedule.range', { from: dayLabel(firstDay, locale), to: dayLabel(addDays(firstDay, 6), locale) })
      : dayLabel(day, locale, 'long');

  if (view === 'print') {
    return (
      <Page title={t('calendar.printTitle')} subtitle={t('calendar.printSubtitle', { zone })}>
        {(appointments.isPending || doctors.isPending) && (
          <Loader size="sm" role="status" aria-label={t('common.loading')} />
        )}
        {appointments.isError && (
          <ErrorState error={appointments.error} onRetry={() => appointments.refetch()} />
        )}
        {appointments.data && doctors.data && (
          <PrintDay day={day} doctors={doctorList} appointments={items} onBack={() => set('view', null)} />
        )}
      </Page>
    );
  }

  return (
    <Page title={t('schedule.title')} subtitle={t('schedule.subtitle', { zone })}>
      <Stack gap="sm">
        {!ownOnly && <CallPatients fromDay={firstDay} days={days} />}
        <Group gap="xs" justify="space-between">
          <Group gap="xs">
            <Button
              variant="default"
              size="sm"
              onClick={() => set('date', addDays(day, -step))}
              leftSection={<Back size={16} aria-hidden />}
            >
              {t(view === 'week' ? 'schedule.prevWeek' : 'schedule.prevDay')}
            </Button>
            <Button variant="default" size="sm" onClick={() => set('date', null)}>
              {t('schedule.today')}
            </Button>
            <Button
              variant="default"
              size="sm"
              onClick={() => set('date', addDays(day, step))}
              rightSection={<Forward size={16} aria-hidden />}
            >
              {t(view === 'week' ? 'schedule.nextWeek' : 'schedule.nextDay')}
            </Button>
          </Group>
          <Group gap="xs">
            <Button
              variant="default"
              size="sm"
              leftSection={<IconPrinter size={16} aria-hidden />}
              onClick={() =>
                setParams((p) => {
                  const next = new URLSearchParams(p);
                  next.set('view', 'print');
                  next.set('date', day);
                  return next;
                })
              }
              data-testid="print-day-button"
            >
              {t('calendar.print')}
            </Button>
            <SegmentedControl
              value={view}
              onChange={(v) => set('view', v === 'week' ? 'week' : null)}
              data={[
                { value: 'day', label: t('schedule.dayView') },
                { value: 'week', label: t('schedule.weekView') },
              ]}
            />
          </Group>
        </Group>
        <Group gap="sm" align="flex-end">
          <TextInput
            type="date"
            label={t('schedule.goToDate')}
            value={day}
            onChange={(e) => isIsoDate(e.currentTarget.value) && set('date', e.currentTarget.value)}
            w={170}
          />
          {!ownOnly && (
            <Select
              label={t('schedule.doctor')}
              data={[
                { value: '', label: t('schedule.allDoctors') },
                ...(doctors.data ?? []).map((d) => ({ value: d.id, label: d.name })),
              ]}
              value={doctorId ?? ''}
              onChange={(v) => set('doctor', v || null)}
              allowDeselect={false}
              w={220}
              data-testid="calendar-doctor"
            />
          )}
          <Select
            label={t('schedule.freeTimesFor')}
            data={[
              { value: '', label: t('schedule.noFreeTimesShown') },
              ...(services.data ?? [])
                .filter((s) => s.active)
                .map((s) => ({ value: s.id, label: nameOf(s) })),
            ]}
            value={serviceId ?? ''}
            onChange={(v) => set('service', v || null)}
            allowDeselect={false}
            w={240}
            data-testid="calendar-service"
          />
          <Button
            leftSection={<IconPlus size={16} aria-hidden />}
            onClick={() =>
              setBooking({ day: notBefore(day, today), serviceId: serviceId ?? undefined, doctorId })
            }
            data-testid="book-button"
          >
            {t('schedule.newAppointment')}
          </Button>
          <Button
            variant="light"
            leftSection={<IconBolt size={16} aria-hidden />}
            onClick={() =>
              setBooking({ day: today, earliest: true, serviceId: serviceId ?? undefined, doctorId })
            }
            data-testid="earliest-button"
          >
            {t('frontdesk.earliest')}
          </Button>
        </Group>
        <Group gap="xs" justify="space-between">
          <Text fw={600} component="h2" size="lg" m={0} data-testid="calendar-heading">
            {heading}
          </Text>
          <Group gap="md">
            <Text size="sm" c="dimmed">
              {t('frontdesk.clickToBook')}
            </Text>
            {serviceId && (
              <Text size="sm" c="dimmed">
                <IconStarFilled size={12} aria-hidden /> {t('schedule.legendRecommended')}
              </Text>
            )}
          </Group>
        </Group>
        <CalendarLegend
          by={colorBy}
          onChange={(by) => set('color', by === 'service' ? null : by)}
          doctors={doctors.data ?? []}
          services={services.data ?? []}
          shown={items}
        />
        {view === 'day' && closed(day, items.length) && (
          <Text size="sm" c="dimmed" data-testid="closed-day-note">
            {t('calendar.closedDay')}
          </Text>
        )}
        {(appointments.isPending || doctors.isPending) && (
          <Loader size="sm" role="status" aria-label={t('common.loading')} />
        )}
        {appointments.isError && (
          <ErrorState error={appointments.error} onRetry={() => appointments.refetch()} />
        )}
        {appointments.data && doctors.data && (
          <>
            {columns.length === 0 ? (
              <Text c="dimmed">{t('schedule.noDoctors')}</Text>
            ) : (
              <CalendarGrid
                columns={columns}
                minWidth={view === 'week' ? 176 : 200}
                startMin={startMin}
                endMin={endMin}
                showDoctor={view === 'week' && !doctorId && (doctors.data?.length ?? 0) > 1}
                label={t('schedule.gridLabel', { when: heading })}
                freeLabel={(list) =>
                  list.length === 1
                    ? t('schedule.withDoctor', { doctor: doctorName(list[0]!.doctorId) })
                    : t('schedule.severalDoctors', { count: list.length })
                }
                onOpen={setOpen}
                colorOf={colors.colorOf}
                onPickTime={(column, at) =>
                  setBooking({
                    day: column.day,
                    at,
                    // The day view's columns are doctors; the week's are days (of the chosen doctor).
                    doctorId: view === 'day' ? column.key : doctorId,
                    serviceId: serviceId ?? undefined,
                  })
                }
                onBook={(list: Slot[]) =>
                  setBooking({
                    day: localTimeOf(list[0]!.start, zone).day,
                    serviceId: serviceId ?? undefined,
                    slots: list,
                  })
                }
              />
            )}
            {items.length === 0 && (
              <Text size="sm" c="dimmed">
                {t('schedule.nothingBooked')}
              </Text>
            )}
          </>
        )}
      </Stack>
      <AppointmentDialog appointment={open} onClose={() => setOpen(null)} />
      <BookingDialog start={booking} onClose={() => setBooking(null)} />
      <FeedbackToast />
    </Page>
  );
}

/** Free slots grouped by start time; a time is recommended when any doctor's slot then is. */
function freeAt(slots: Slot[]): CalendarColumn['free'] {
  const byStart = new Map<string, Slot[]>();
  for (const s of slots) byStart.set(s.start, [...(byStart.get(s.start) ?? []), s]);
  return [...byStart].map(([start, list]) => ({
    start,
    slots: list,
    recommended: list.some((s) => s.recommended),
  }));
}

/**
 * The calendar opens scrolled to now (or, on another day, to its first visit), once per view;
 * after a booking or a move it goes to the visit's day if needed and scrolls to it.
 */
function useScrollToNowAndChanges(
  viewKey: string,
  ready: boolean,
  items: Appointment[] | undefined,
  inView: (day: string) => boolean,
  goTo: (day: string) => void,
) {
  const { clinicTimeZone: zone } = useClinic();
  const feedback = useFeedback();
  const opened = useRef<string | null>(null);
  const shown = useRef(feedback?.seq ?? 0);
  const pending = feedback?.focus && feedback.seq !== shown.current ? feedback : null;

  useEffect(() => {
    if (!ready || opened.current === viewKey || pending) return;
    opened.current = viewKey;
    const grid = document.querySelector('[data-testid="calendar"]');
    if (!grid) return;
    const visits = [...grid.querySelectorAll('[data-testid="appointment"]')];
    const first = visits.sort((x, y) => x.getBoundingClientRect().top - y.getBoundingClientRect().top)[0];
    (grid.querySelector('[data-now]') ?? first)?.scrollIntoView({ block: 'center' });
  }, [viewKey, ready, pending]);

  useEffect(() => {
    if (!pending?.focus || !ready) return;
    const day = localTimeOf(pending.focus.startsAt, zone).day;
    if (!inView(day)) {
      goTo(day);
      return;
    }
    // Wait for the list that has the visit where it is now (a moved visit is first drawn where it was).
    const { id, startsAt } = pending.focus;
    if (!items?.some((a) => a.id === id && Date.parse(a.startsAt) === Date.parse(startsAt))) return;
    const el = document.querySelector(`[data-testid="appointment"][data-id="${id}"]`);
    if (!el) return;
    shown.current = pending.seq;
    opened.current = viewKey;
    el.scrollIntoView({ block: 'center', behavior: 'smooth' });
    el.animate(
      [{ boxShadow: '0 0 0 4px var(--mantine-color-cyan-9)' }, { boxShadow: '0 0 0 0 transparent' }],
      { duration: 1800, easing: 'ease-out' },
    );
  }, [pending, ready, items, viewKey, zone, inView, goTo]);
}
