import { Alert, Button, Group, Modal, Paper, Select, Stack, Text, Textarea } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, api, unwrap } from '../../api/client';
import { useI18n } from '../../i18n';
import { isolate, Words } from '../../i18n/rich';
import { FormError } from '../../ui/FormError';
import { useClinic, usePlace } from '../../ui/place';
import { type Slot, useDoctors, useInvalidateSchedule, useServices } from './api';
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
  const { clinicId } = useClinic();
  const { format } = usePlace();
  const nameOf = useServiceName();
  const services = useServices();
  const doctors = useDoctors();
  const invalidate = useInvalidateSchedule();
  const active = (services.data ?? []).filter((s) => s.active);
  const [serviceId, setServiceId] = useState<string | null>(start.serviceId ?? null);
  const [doctorId, setDoctorId] = useState<string | null>(start.doctorId ?? null);
  const [candidates, setCandidates] = useState<Slot[]>(start.slots ?? []);
  const [slot, setSlot] = useState<Slot | null>(start.slots?.[0] ?? null);
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
        await unwrap(api.POST('/api/v1/clinics/{clinicId}/appointments', { ...params, body: fields }));
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
      await invalidate();
      // A series with taken times stays open to say which; everything else is done.
      if (series && series.conflicts.length > 0) setSeriesDone(series);
      else onDone();
    },
    onError: async (e) => {
      // Someone else took the time first: say so, and show the times that are still free.
      if (e instanceof ApiError && e.code === 'slot_taken') {
        setTaken(true);
        setSlot(null);
        setCandidates([]);
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

  return (
    <Stack gap="md">
      <Select
        label={t('schedule.service')}
        data={active.map((s) => ({
          value: s.id,
          label: t('schedule.serviceOption', {
            service: isolate(nameOf(s)),
            price: format.money(s.priceMinor),
          }),
        }))}
        value={serviceId}
        onChange={(v) => {
          setServiceId(v);
          setSlot(null);
          setCandidates([]);
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
      {slot && service ? (
        <Paper withBorder p="sm" data-testid="chosen-slot">
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
              onChange={(v) => setSlot(candidates.find((c) => c.doctorId === v) ?? slot)}
              allowDeselect={false}
            />
          )}
          <Button variant="subtle" size="xs" mt="xs" onClick={() => setSlot(null)}>
            {t('schedule.changeTime')}
          </Button>
        </Paper>
      ) : (
        serviceId && (
          <SlotPicker
            serviceId={serviceId}
            doctorId={doctorId ?? undefined}
            fromDay={start.day}
            doctorName={doctorName}
            onPick={(s) => {
              setSlot(s);
              setCandidates([s]);
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
          disabled={!slot || !patientReady}
          loading={book.isPending}
          onClick={() => book.mutate()}
          data-testid="book-submit"
        >
          {repeat.everyWeeks === 0 ? t('schedule.book') : t('series.book', { count: repeat.count })}
        </Button>
      </Group>
    </Stack>
  );
}
