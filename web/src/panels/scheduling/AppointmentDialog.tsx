import { localTimeOf } from '@cliniclick/time';
import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { useState } from 'react';
import { useT } from '../../i18n';
import { Words } from '../../i18n/rich';
import { FormError } from '../../ui/FormError';
import { useI18nForm } from '../../ui/form';
import { usePlace } from '../../ui/place';
import { type Appointment, canMove, useAppointmentAction, useDoctors, useReschedule } from './api';
import { useServiceName } from './names';
import { SlotPicker } from './SlotPicker';
import { ACTION_ORDER, StatusBadge } from './status';

type Step = 'details' | 'cancel' | 'move';

/** One appointment: what it is, and the steps its state allows (cancel asks why; move picks a time). */
export function AppointmentDialog({
  appointment,
  onClose,
}: {
  appointment: Appointment | null;
  onClose: () => void;
}) {
  const t = useT();
  const phone = useMediaQuery('(max-width: 48em)');
  return (
    <Modal
      opened={!!appointment}
      onClose={onClose}
      title={t('schedule.appointmentTitle')}
      size="lg"
      fullScreen={phone}
    >
      {appointment && <AppointmentBody key={appointment.id} appointment={appointment} onClose={onClose} />}
    </Modal>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start">
      <Text size="sm" c="dimmed" miw={110}>
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </Group>
  );
}

function AppointmentBody({
  appointment: initial,
  onClose,
}: {
  appointment: Appointment;
  onClose: () => void;
}) {
  const t = useT();
  const { format, place } = usePlace();
  const nameOf = useServiceName();
  const zone = place.kind === 'clinic' ? place.membership.clinicTimeZone : 'UTC';
  const [a, setA] = useState(initial);
  const [step, setStep] = useState<Step>('details');
  const cancel = useI18nForm({ initialValues: { reason: '' }, required: ['reason'] });
  const [moveAnyDoctor, setMoveAnyDoctor] = useState(false);
  const action = useAppointmentAction();
  const move = useReschedule();
  const doctors = useDoctors();
  const doctorName = (id: string) => doctors.data?.find((d) => d.id === id)?.name ?? '';
  const error = step === 'move' ? move.error : action.error;

  if (step === 'move')
    return (
      <Stack gap="md">
        <Text size="sm">
          {t('schedule.moveHint', { patient: a.patientName, time: format.dateTime(a.startsAt) })}
        </Text>
        <Button variant="subtle" size="xs" w="fit-content" onClick={() => setMoveAnyDoctor(!moveAnyDoctor)}>
          {moveAnyDoctor
            ? t('schedule.moveSameDoctor', { doctor: a.doctorName })
            : t('schedule.moveAnyDoctor')}
        </Button>
        {/* slot_taken reads as a plain sentence; the picker below has refreshed meanwhile. */}
        <FormError error={move.error} />
        <SlotPicker
          serviceId={a.serviceId}
          doctorId={moveAnyDoctor ? undefined : a.doctorId}
          moving={a.id}
          fromDay={localTimeOf(a.startsAt, zone).day}
          doctorName={doctorName}
          onPick={(slot) =>
            move.mutate(
              { id: a.id, slot },
              {
                onSuccess: (moved) => {
                  setA(moved);
                  setStep('details');
                },
              },
            )
          }
        />
        <Button variant="default" w="fit-content" onClick={() => setStep('details')}>
          {t('schedule.back')}
        </Button>
      </Stack>
    );

  return (
    <Stack gap="md">
      <Group gap="sm">
        <StatusBadge status={a.status} />
        <Text fw={600} data-testid="appointment-when">
          {format.dateTime(a.startsAt)} – {format.time(a.endsAt)}
        </Text>
      </Group>
      <Stack gap={4}>
        <Row label={t('schedule.patient')}>
          {a.patientPhone ? (
            <Words
              k="schedule.patientWithPhone"
              values={{ patient: a.patientName, phone: <span dir="ltr">{a.patientPhone}</span> }}
            />
          ) : (
            <bdi>{a.patientName}</bdi>
          )}
        </Row>
        <Row label={t('schedule.service')}>
          <bdi>{nameOf(a)}</bdi>
        </Row>
        <Row label={t('schedule.doctor')}>
          <bdi>{a.doctorName}</bdi>
        </Row>
        <Row label={t('schedule.mode')}>{t(`schedule.mode.${a.mode}`)}</Row>
        <Row label={t('schedule.price')}>{format.money(a.priceMinor)}</Row>
        {a.holdExpiresAt && <Row label={t('schedule.holdUntil')}>{format.time(a.holdExpiresAt)}</Row>}
        {a.cancelReason && (
          <Row label={t('schedule.cancelReason')}>
            <span dir="auto">{a.cancelReason}</span>
          </Row>
        )}
        {a.notes && (
          <Row label={t('schedule.notes')}>
            <span dir="auto">{a.notes}</span>
          </Row>
        )}
      </Stack>
      <FormError error={error} />
      {step === 'cancel' ? (
        <form
          noValidate
          onSubmit={cancel.submit(({ reason }) =>
            action.mutate(
              { id: a.id, action: 'cancel', reason: reason.trim() },
              {
                onSuccess: (next) => {
                  setA(next);
                  setStep('details');
                },
              },
            ),
          )}
        >
          <Stack gap="xs">
            <Textarea
              label={t('schedule.cancelReason')}
              description={t('schedule.cancelReasonHint')}
              required
              autosize
              minRows={2}
              {...cancel.field('reason')}
              data-autofocus
            />
            <Group>
              <Button type="submit" color="red.9" disabled={!cancel.ready} loading={action.isPending}>
                {t('schedule.confirmCancel')}
              </Button>
              <Button variant="default" onClick={() => setStep('details')}>
                {t('schedule.keep')}
              </Button>
            </Group>
          </Stack>
        </form>
      ) : (
        <Group gap="xs">
          {/* The server offers only what it would accept now (no no-show before the visit's time). */}
          {ACTION_ORDER.filter((x) => a.actions.includes(x)).map((x) => (
            <Button
              key={x}
              variant={x === 'markNoShow' ? 'default' : 'filled'}
              loading={action.isPending && action.variables?.action === x}
              onClick={() => action.mutate({ id: a.id, action: x }, { onSuccess: setA })}
            >
              {t(`schedule.action.${x}`)}
            </Button>
          ))}
          {canMove(a) && (
            <Button variant="default" onClick={() => setStep('move')}>
              {t('schedule.move')}
            </Button>
          )}
          {a.actions.includes('cancel') && (
            <Button variant="outline" color="red.9" onClick={() => setStep('cancel')}>
              {t('schedule.cancel')}
            </Button>
          )}
          <Button variant="subtle" onClick={onClose}>
            {t('schedule.close')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
