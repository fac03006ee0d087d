import { addDays, localTimeOf } from '@cliniclick/time';
import { Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useI18n } from '../../i18n';
import { FormError } from '../../ui/FormError';
import { useClinic, usePlace } from '../../ui/place';
import { useAnnounce, useWhen } from './announce';
import { type Appointment, type Slot, useDoctors, useReschedule, useSlots } from './api';
import { SlotPicker } from './SlotPicker';

const ownTime = (a: Appointment) => ({ start: a.startsAt, doctorId: a.doctorId });

/**
 * A few good times to move a visit to, right in its details (the doctor's recommended free
 * times that week, never the visit's own time): one click picks, one more confirms.
 */
export function MoveSuggestions({ a, onPick }: { a: Appointment; onPick: (slot: Slot) => void }) {
  const { t } = useI18n();
  const { clinicTimeZone: zone } = useClinic();
  const when = useWhen();
  const day = localTimeOf(a.startsAt, zone).day;
  const slots = useSlots(a.serviceId, day, addDays(day, 6), a.doctorId, a.id, ownTime(a));
  const few = (slots.data ?? []).slice(0, 4).sort((x, y) => x.start.localeCompare(y.start));
  if (few.length === 0) return null;
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600} id={`move-to-${a.id}`}>
        {t('frontdesk.moveTo')}
      </Text>
      <Group gap={6} role="group" aria-labelledby={`move-to-${a.id}`}>
        {few.map((s) => (
          <Button
            key={s.start}
            size="compact-sm"
            variant="default"
            onClick={() => onPick(s)}
            data-testid="move-suggestion"
            data-start={s.start}
          >
            {when(s.start)}
          </Button>
        ))}
      </Group>
    </Stack>
  );
}

/**
 * Moving a visit: pick the new time (the slot picker, the visit's own time left out), then say
 * yes once to "Move Jane Doe from Tue 10:30 to Wed 11:00 with Dr Reed?". The server frees the old
 * time and takes the new one in one step; the calendar confirms it in words, with an Undo.
 */
export function MoveStep({
  a,
  initial,
  onMoved,
  onBack,
}: {
  a: Appointment;
  initial: Slot | null;
  onMoved: (moved: Appointment) => void;
  onBack: () => void;
}) {
  const { t } = useI18n();
  const { format } = usePlace();
  const { clinicTimeZone: zone } = useClinic();
  const when = useWhen();
  const say = useAnnounce();
  const move = useReschedule(say.moved);
  const doctors = useDoctors();
  const doctorName = (id: string) => doctors.data?.find((d) => d.id === id)?.name ?? '';
  const [choice, setChoice] = useState<Slot | null>(initial);
  const [anyDoctor, setAnyDoctor] = useState(false);

  if (choice)
    return (
      <Stack gap="md">
        <Paper withBorder p="sm" data-testid="move-confirm">
          <Text>
            {t('frontdesk.moveConfirm', {
              patient: a.patientName,
              from: when(a.startsAt),
              to: when(choice.start),
              doctor: doctorName(choice.doctorId) || a.doctorName,
            })}
          </Text>
        </Paper>
        {/* slot_taken reads as a plain sentence; choosing again shows what is free now. */}
        <FormError error={move.error} />
        <Group gap="xs">
          <Button
            data-autofocus
            data-testid="move-yes"
            loading={move.isPending}
            onClick={() => move.mutate({ was: a, slot: choice }, { onSuccess: onMoved })}
          >
            {t('frontdesk.moveYes')}
          </Button>
          <Button
            variant="default"
            onClick={() => {
              move.reset();
              setChoice(null);
            }}
          >
            {t('frontdesk.pickAgain')}
          </Button>
        </Group>
      </Stack>
    );

  return (
    <Stack gap="md">
      <Text size="sm">
        {t('schedule.moveHint', { patient: a.patientName, time: format.dateTime(a.startsAt) })}
      </Text>
      <Button variant="subtle" size="xs" w="fit-content" onClick={() => setAnyDoctor(!anyDoctor)}>
        {anyDoctor ? t('schedule.moveSameDoctor', { doctor: a.doctorName }) : t('schedule.moveAnyDoctor')}
      </Button>
      <SlotPicker
        serviceId={a.serviceId}
        doctorId={anyDoctor ? undefined : a.doctorId}
        moving={a.id}
        except={ownTime(a)}
        fromDay={localTimeOf(a.startsAt, zone).day}
        doctorName={doctorName}
        onPick={setChoice}
      />
      <Button variant="default" w="fit-content" onClick={onBack}>
        {t('schedule.back')}
      </Button>
    </Stack>
  );
}
