import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { useState } from 'react';
import { useT } from '../../i18n';
import { Words } from '../../i18n/rich';
import { FormError } from '../../ui/FormError';
import { usePlace } from '../../ui/place';
import { useAnnounce } from './announce';
import { type Appointment, canMove, type Slot, useAppointmentAction } from './api';
import { CancelStep } from './CancelStep';
import { MoveStep, MoveSuggestions } from './MoveStep';
import { NoticesSection } from './NoticesSection';
import { useServiceName } from './names';
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

function AppointmentBody({ appointment: a, onClose }: { appointment: Appointment; onClose: () => void }) {
  const t = useT();
  const { format } = usePlace();
  const nameOf = useServiceName();
  const [step, setStep] = useState<Step>('details');
  const [moveTo, setMoveTo] = useState<Slot | null>(null);
  // Each change is said in words (with an Undo where it can be taken back) and the window closes:
  // the calendar shows where the visit is now.
  const say = useAnnounce();
  const action = useAppointmentAction(say.changed);

  if (step === 'move')
    return <MoveStep a={a} initial={moveTo} onMoved={onClose} onBack={() => setStep('details')} />;
  if (step === 'cancel') return <CancelStep a={a} onCancelled={onClose} onBack={() => setStep('details')} />;

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
      <NoticesSection appointmentId={a.id} />
      <FormError error={action.error} />
      {canMove(a) && (
        <MoveSuggestions
          a={a}
          onPick={(slot) => {
            setMoveTo(slot);
            setStep('move');
          }}
        />
      )}
      <Group gap="xs">
        {/* The server offers only what it would accept now (no no-show before the visit's time). */}
        {ACTION_ORDER.filter((x) => a.actions.includes(x)).map((x) => (
          <Button
            key={x}
            variant={x === 'markNoShow' ? 'default' : 'filled'}
            loading={action.isPending && action.variables?.action === x}
            data-testid={`action-${x}`}
            onClick={() => action.mutate({ id: a.id, action: x }, { onSuccess: onClose })}
          >
            {t(`schedule.action.${x}`)}
          </Button>
        ))}
        {canMove(a) && (
          <Button
            variant="default"
            data-testid="move-button"
            onClick={() => {
              setMoveTo(null);
              setStep('move');
            }}
          >
            {t('schedule.move')}
          </Button>
        )}
        {a.actions.includes('cancel') && (
          <Button
            variant="outline"
            color="red.9"
            onClick={() => setStep('cancel')}
            data-testid="cancel-button"
          >
            {t('schedule.cancel')}
          </Button>
        )}
        <Button variant="subtle" onClick={onClose}>
          {t('schedule.close')}
        </Button>
      </Group>
    </Stack>
  );
}
