import { localTimeOf } from '@cliniclick/time';
import { Alert, Button, Group, Modal, Paper, Select, Stack, Text, Textarea } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, api, unwrap } from '../../api/client';
import { useI18n } from '../../i18n';
import { isolate, Words } from '../../i18n/rich';
import { FormError } from '../../ui/FormError';
import { useClinic, usePlace } from '../../ui/place';
import { useAnnounce } from './announce';
import {
  type Slot,
  useDoctors,
  useEarliest,
  useInvalidateSchedule,
  useServices,
  useServiceUsage,
  useSlots,
} from './api';
import { defaultService } from './default-service';
import { useServiceName } from './names';
import { type PatientChoice, PatientPicker } from './PatientPicker';
import {
  type BookingFields,
  NO_REPEAT,
  type Repeat,
  SeriesOptions,
  type SeriesResult,
  SeriesSummary,
} from './SeriesOptions';
import { SlotPicker } from './SlotPicker';

export interface BookingStart {
  day: string;
  serviceId?: string;
  doctorId?: string;
  /** Free slots at one time (several doctors may be free then), from a click on the calendar. */
  slots?: Slot[];
  /** A time clicked on the calendar (ISO instant): booked then if the service is free then. */
  at?: string;
  /** Start at the earliest free time (of `doctorId`, or of any doctor). */
  earliest?: boolean;
}

/** Book a visit: service and time (from the calendar or the slot picker), then the patient. */
export function BookingDialog({ start, onClose }: { start: BookingStart | null; onClose: () => void }) {
  const { t } = useI18n();
  const phone = useMediaQuery('(max-width: 48em)');
  return (
    <Modal opened={!!start} onClose={onClose} title={t('schedule.bookTitle')} size="lg" fullScreen={phone}>
      {start && <BookingForm start={start} onDone={onClose} />}
    </Modal>
  );
}

function BookingForm({ start, onDone }: { start: BookingStart; onDone: () => void }) {
  const { t } = useI18n();
  const { clinicId, clinicTimeZone: zone } = useClinic();
  const { format } = usePlace();
  const nameOf = useServiceName();
  const services = useServices();
  const doctors = useDoctors();
  const usage = useServiceUsage();
  const invalidate = useInvalidateSchedule();
  const say = useAnnounce();
  const active = (services.data ?? []).filter((s) => s.active);
  // The service: the one asked for, else the doctor's only or most booked one (changeable).
  const [chosenService, setChosenService] = useState<string | null>(null);
  const suggested =
    services.data && doctors.data
      ? defaultService(services.data, doctors.data, usage.data ?? [], start.doctorId, start.serviceId)
      : null;
  const serviceId = chosenService ?? suggested;
  const [doctorId, setDoctorId] = useState<string | null>(start.doctorId ?? null);
  // The time: what the calendar was clicked at (if that service is free then) or the earliest
  // free time, until someone picks another (`picked`; null = "choose another time").
  const [picked, setPicked] = useState<Slot | null | undefined>(undefined);
  const [pickedDoctor, setPickedDoctor] = useState<string | null>(null);
  const at = start.at ?? start.slots?.[0]?.start;
  const given = start.slots && serviceId === start.serviceId ? start.slots : null;
  const atDay = at ? localTimeOf(at, zone).day : start.day;
  const around = useSlots(
    at && !given && picked === undefined ? serviceId : null,
    atDay,
    atDay,
    start.doctorId,
  );
  const earliest = useEarliest(serviceId, start.doctorId, !!start.earliest && picked === undefined);
  const auto: Slot[] =
    given ??
    (at
      ? (around.data ?? []).filter((s) => Date.parse(s.start) === Date.parse(at))
      : start.earliest
        ? (earliest.data ?? [])
        : []);
  const candidates = picked === undefined ? auto : picked ? [picked] : [];
  const slot =
    picked === undefined
      ? (candidates.find((c) => c.doctorId === pickedDoctor) ?? candidates[0] ?? null)
      : picked;
  const autoMissed =
    picked === undefined &&
    ((at && !given && around.isSuccess && auto.length === 0) ||
      (!at && start.earliest && earliest.isSuccess && auto.length === 0));
  const [patient, setPatient] = useState<PatientChoice>(null);
  const [taken, setTaken] = useState(false);
  const [notes, setNotes] = useState('');
  const [repeat, setRepeat] = useState<Repeat>(NO_REPEAT);
  const [seriesDone, setSeriesDone] = useState<SeriesResult | null>(null);
  const service = active.find((s) => s.id === serviceId);
  const doctorName = (id: string) => doctors.data?.find((d) => d.id === id)?.name ?? '';
  const offering = (doctors.data ?? []).filter(
    (d) => !serviceId || d.services.some((s) => s.serviceId === serviceId),
  );

  const patientReady =
    patient?.kind === 'existing' ||
    (patient?.kind === 'new' && patient.fullName.trim() !== '' && patient.phone.trim() !== '');
  const fields: BookingFields | null =
    slot && serviceId && patient && patientReady
      ? {
          serviceId,
          doctorId: slot.doctorId,
          startsAt: slot.start,
          ...(slot.roomId ? { roomId: slot.roomId } : {}),
          ...(notes.trim() ? { notes: notes.trim() } : {}),
          ...(patient.kind === 'existing'
            ? { patientId: patient.patient.id }
            : { patient: { fullName: patient.fullName.trim(), phone: patient.phone.trim() } }),
        }
      : null;

  const book = useMutation({
    mutationFn: async () => {
      if (!fields) throw new Error('incomplete');
      const params = { params: { path: { clinicId } } };
      if (repeat.everyWeeks === 0) {
        say.booked(
          await unwrap(api.POST('/api/v1/clinics/{clinicId}/appointments', { ...params, body: fields })),
        );
        return null;
      }
      return unwrap(
        api.POST('/api/v1/clinics/{clinicId}/appointment-series', {
          ...params,
          body: { ...fields, everyWeeks: repeat.everyWeeks, count: repeat.count },
        }),
      );
    },
    onSuccess: async (series) => {
      if (series) say.bookedSeries(series.booked);
      await invalidate();
      // A series with taken times stays open to say which; everything else is done.
      if (series && series.conflicts.length > 0) setSeriesDone(series);
      else onDone();
    },
    onError: async (e) => {
      // Someone else took the time first: say so, and show the times that are still free.
      if (e instanceof ApiError && e.code === 'slot_taken') {
        setTaken(true);
        setPicked(null);
        await invalidate();
      }
    },
  });

  if (seriesDone)
    return (
      <Stack gap="md">
        <SeriesSummary result={seriesDone} format={format.dateTime} />
        <Group justify="flex-end">
          <Button onClick={onDone}>{t('schedule.close')}</Button>
        </Group>
      </Stack>
    );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (fields && !book.isPending) book.mutate();
  };

  return (
    // Enter in any field books once the patient and time are there.
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Select
          label={t('schedule.service')}
          description={
            !chosenService && !start.serviceId && suggested ? t('frontdesk.serviceHint') : undefined
          }
          data={active.map((s) => ({
            value: s.id,
            label: t('schedule.serviceOption', {
              service: isolate(nameOf(s)),
              price: format.money(s.priceMinor),
            }),
          }))}
          value={serviceId}
          onChange={(v) => {
            setChosenService(v);
            // A new service: the clicked (or earliest) time is looked up again for it.
            setPicked(undefined);
            setTaken(false);
          }}
          allowDeselect={false}
          data-testid="book-service"
        />
        {!slot && (
          <Select
            label={t('schedule.doctor')}
            data={[
              { value: '', label: t('schedule.anyDoctor') },
              ...offering.map((d) => ({ value: d.id, label: d.name })),
            ]}
            value={doctorId ?? ''}
            onChange={(v) => setDoctorId(v || null)}
            allowDeselect={false}
          />
        )}
        {taken && (
          <Alert color="orange" role="alert" title={t('errors.title')}>
            {t('errors.slot_taken')}
          </Alert>
        )}
        {autoMissed && !taken && (
          <Alert color="blue" data-testid="not-free">
            {at ? t('frontdesk.notFree', { time: format.time(at) }) : t('frontdesk.noneSoon')}
          </Alert>
        )}
        {slot && service ? (
          <Paper withBorder p="sm" data-testid="chosen-slot">
            {start.earliest && picked === undefined && (
              <Text size="xs" c="dimmed" fw={600}>
                {t('frontdesk.earliestLabel')}
              </Text>
            )}
            <Text fw={600}>{format.dateTime(slot.start)}</Text>
            <Text size="sm">
              <Words
                k="schedule.chosenSlot"
                values={{ service: nameOf(service), doctor: doctorName(slot.doctorId) }}
                count={service.durationMin}
              />
            </Text>
            {candidates.length > 1 && (
              <Select
                mt="xs"
                label={t('schedule.doctor')}
                data={candidates.map((c) => ({ value: c.doctorId, label: doctorName(c.doctorId) }))}
                value={slot.doctorId}
                onChange={(v) => setPickedDoctor(v)}
                allowDeselect={false}
              />
            )}
            <Button variant="subtle" size="xs" mt="xs" onClick={() => setPicked(null)}>
              {t('schedule.changeTime')}
            </Button>
          </Paper>
        ) : (
          serviceId &&
          (picked !== undefined || autoMissed || (!at && !start.earliest)) && (
            <SlotPicker
              serviceId={serviceId}
              doctorId={doctorId ?? undefined}
              fromDay={atDay}
              doctorName={doctorName}
              onPick={(s) => {
                setPicked(s);
                setTaken(false);
              }}
            />
          )
        )}
        {slot && <PatientPicker value={patient} onChange={setPatient} />}
        {slot && <SeriesOptions repeat={repeat} onChange={setRepeat} booking={fields} />}
        {slot && (
          <Textarea
            label={t('schedule.notes')}
            description={t('schedule.notesHint')}
            autosize
            minRows={2}
            value={notes}
            onChange={(e) => setNotes(e.currentTarget.value)}
          />
        )}
        <FormError
          error={book.error instanceof ApiError && book.error.code === 'slot_taken' ? null : book.error}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('schedule.close')}
          </Button>
          <Button
            type="submit"
            disabled={!slot || !patientReady}
            loading={book.isPending}
            data-testid="book-submit"
          >
            {repeat.everyWeeks === 0 ? t('schedule.book') : t('series.book', { count: repeat.count })}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
