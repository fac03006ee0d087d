import { Badge } from '@mantine/core';
import { useT } from '../../i18n';
import type { AppointmentAction, AppointmentStatus } from './api';

/** Filled shade-9 colours (white text passes AA); the word is always there too, never colour alone. */
export const STATUS_COLOR: Record<AppointmentStatus, string> = {
  pending: 'violet.9',
  // A verified online booking the clinic still has to approve: amber, apart from holds and confirmed.
  requested: 'orange.9',
  confirmed: 'blue.9',
  checked_in: 'teal.9',
  in_progress: 'cyan.9',
  completed: 'gray.7',
  cancelled: 'red.9',
  no_show: 'grape.9',
  expired: 'gray.7',
};

/** Cancelled, missed and lapsed visits no longer hold the time. */
export const isInactive = (s: AppointmentStatus) => s === 'cancelled' || s === 'no_show' || s === 'expired';

/**
 * A visit's state as a word on a badge. `patient` says it as the patient understands it ("Waiting
 * for the clinic to confirm", "You have arrived"), never in the front desk's words ("Held").
 */
export function StatusBadge({
  status,
  size = 'sm',
  patient = false,
}: {
  status: AppointmentStatus;
  size?: 'xs' | 'sm';
  patient?: boolean;
}) {
  const t = useT();
  return (
    <Badge
      color={STATUS_COLOR[status]}
      variant="filled"
      size={size}
      radius="sm"
      tt="none"
      style={{ flexShrink: 0 }}
    >
      {t(patient ? `visits.status.${status}` : `schedule.status.${status}`)}
    </Badge>
  );
}

/** The buttons a state allows, in the order a visit goes; cancel is handled on its own (reason). */
export const ACTION_ORDER: readonly Exclude<AppointmentAction, 'cancel'>[] = [
  'confirm',
  'checkIn',
  'start',
  'complete',
  'markNoShow',
];
