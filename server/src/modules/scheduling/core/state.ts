/**
 * The appointment state machine: the one place that says which transitions exist. Pure; the
 * service runs a method, writes the result, audits `action` and publishes `event` in the same
 * transaction (events after commit).
 *
 *   pending (hold, expires) → confirmed → checked_in → in_progress → completed
 *   pending|requested|confirmed|checked_in → cancelled (reason) · confirmed → no_show · pending → expired
 *   online booking: pending → (verify) → confirmed | requested (awaiting the clinic, deadline in
 *   holdExpiresAt) → (approve) confirmed · (decline) cancelled · (lapse, past the deadline) expired
 *
 * A visit starts from checked_in; from confirmed only when the clinic's visit rules allow it
 * (`startBeforeCheckIn`). A patient who has checked in has come: no no-show for them.
 */

export const APPOINTMENT_STATUSES = [
  'pending',
  'requested',
  'confirmed',
  'checked_in',
  'in_progress',
  'completed',
  'cancelled',
  'no_show',
  'expired',
] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

/** States that hold the doctor's (and room's) time: the exclusion constraints cover exactly these. */
export const BLOCKING_STATUSES = [
  'pending',
  'requested',
  'confirmed',
  'checked_in',
  'in_progress',
  'completed',
] as const satisfies readonly AppointmentStatus[];

/** The clinic's rules for a visit's steps (table `visit_rules`; absent means these defaults). */
export interface VisitRules {
  /** A visit may start before the patient is checked in (a doctor who receives patients directly). */
  startBeforeCheckIn: boolean;
}

export const DEFAULT_VISIT_RULES: VisitRules = { startBeforeCheckIn: false };

export interface AppointmentState {
  status: AppointmentStatus;
  startsAt: Date;
  holdExpiresAt: Date | null;
  /** The clinic's rules; the defaults when not given. */
  rules?: VisitRules | undefined;
}

export type TransitionName =
  | 'confirm'
  | 'checkIn'
  | 'start'
  | 'complete'
  | 'cancel'
  | 'markNoShow'
  | 'expire';

export interface TransitionResult {
  status: AppointmentStatus;
  /** Audit action and event type, e.g. `appointment.confirmed`. */
  action: string;
  holdExpiresAt: Date | null;
  cancelReason?: string;
}

export type TransitionFailure =
  | 'invalid_transition'
  | 'hold_expired'
  | 'too_early'
  | 'reason_required'
  | 'check_in_first'
  | 'approval_lapsed';

export class TransitionError extends Error {
  constructor(
    readonly reason: TransitionFailure,
    readonly from: AppointmentStatus,
    readonly transition: TransitionName | 'reschedule' | 'verify' | 'approve' | 'decline' | 'lapse',
  ) {
    super(`cannot ${transition} an appointment that is ${from}: ${reason}`);
    this.name = 'TransitionError';
  }
}

const FROM: Record<TransitionName, readonly AppointmentStatus[]> = {
  confirm: ['pending'],
  checkIn: ['confirmed'],
  start: ['confirmed', 'checked_in'], // confirmed only under `startBeforeCheckIn`: see `refused`
  complete: ['in_progress'],
  cancel: ['pending', 'requested', 'confirmed', 'checked_in'],
  markNoShow: ['confirmed'],
  expire: ['pending'],
};

const TO: Record<TransitionName, AppointmentStatus> = {
  confirm: 'confirmed',
  checkIn: 'checked_in',
  start: 'in_progress',
  complete: 'completed',
  cancel: 'cancelled',
  markNoShow: 'no_show',
  expire: 'expired',
};

function liveHold(a: AppointmentState, now: Date): boolean {
  return a.status === 'pending' && a.holdExpiresAt !== null && a.holdExpiresAt > now;
}

/** A request the clinic can still answer: its approval deadline has not passed. */
function liveRequest(a: AppointmentState, now: Date): boolean {
  return a.status === 'requested' && a.holdExpiresAt !== null && a.holdExpiresAt > now;
}

/** States whose `holdExpiresAt` is a deadline: past it they stop holding time. */
export function isLapsed(a: Pick<AppointmentState, 'status' | 'holdExpiresAt'>, now: Date): boolean {
  return (
    (a.status === 'pending' || a.status === 'requested') &&
    (a.holdExpiresAt === null || a.holdExpiresAt <= now)
  );
}

/** Why the clinic's rules refuse a transition the states alone would allow, if they do. */
function refused(a: AppointmentState, name: TransitionName): TransitionFailure | null {
  const rules = a.rules ?? DEFAULT_VISIT_RULES;
  if (name === 'start' && a.status === 'confirmed' && !rules.startBeforeCheckIn) return 'check_in_first';
  return null;
}

function move(a: AppointmentState, name: TransitionName, now: Date): TransitionResult {
  if (!FROM[name].includes(a.status)) throw new TransitionError('invalid_transition', a.status, name);
  const rule = refused(a, name);
  if (rule) throw new TransitionError(rule, a.status, name);
  // A hold past its expiry is dead even before the sweep marks it: it can only expire.
  if (a.status === 'pending' && name !== 'expire' && !liveHold(a, now))
    throw new TransitionError('hold_expired', a.status, name);
  // A request past its deadline is answered by nobody any more: it can only lapse.
  if (a.status === 'requested' && !liveRequest(a, now))
    throw new TransitionError('approval_lapsed', a.status, name);
  if (name === 'expire' && liveHold(a, now)) throw new TransitionError('invalid_transition', a.status, name);
  const status = TO[name];
  return {
    status,
    action: `appointment.${status}`,
    holdExpiresAt: status === 'pending' ? a.holdExpiresAt : null,
  };
}

export const appointmentMachine = {
  /** A new appointment: a hold that lapses after `holdMinutes`, or confirmed at once. */
  book(now: Date, hold: { minutes: number } | null): TransitionResult {
    return hold
      ? {
          status: 'pending',
          action: 'appointment.held',
          holdExpiresAt: new Date(now.getTime() + hold.minutes * 60_000),
        }
      : { status: 'confirmed', action: 'appointment.booked', holdExpiresAt: null };
  },
  confirm: (a: AppointmentState, now: Date) => move(a, 'confirm', now),
  checkIn: (a: AppointmentState, now: Date) => move(a, 'checkIn', now),
  start: (a: AppointmentState, now: Date) => move(a, 'start', now),
  complete: (a: AppointmentState, now: Date) => move(a, 'complete', now),
  cancel(a: AppointmentState, now: Date, reason: string): TransitionResult {
    if (!reason.trim()) throw new TransitionError('reason_required', a.status, 'cancel');
    return { ...move(a, 'cancel', now), cancelReason: reason.trim() };
  },
  /** Only once the appointment's time has come: nobody is a no-show in advance. */
  markNoShow(a: AppointmentState, now: Date): TransitionResult {
    if (now < a.startsAt) throw new TransitionError('too_early', a.status, 'markNoShow');
    return move(a, 'markNoShow', now);
  },
  expire: (a: AppointmentState, now: Date) => move(a, 'expire', now),
  /**
   * The patient proved their phone: the hold becomes confirmed, or a request awaiting the clinic
   * until `approval.deadline` when the service needs approval.
   */
  verify(a: AppointmentState, now: Date, approval: { deadline: Date } | null): TransitionResult {
    if (a.status !== 'pending') throw new TransitionError('invalid_transition', a.status, 'verify');
    if (!liveHold(a, now)) throw new TransitionError('hold_expired', a.status, 'verify');
    return approval
      ? { status: 'requested', action: 'appointment.requested', holdExpiresAt: approval.deadline }
      : { status: 'confirmed', action: 'appointment.confirmed', holdExpiresAt: null };
  },
  approve(a: AppointmentState, now: Date): TransitionResult {
    if (a.status !== 'requested') throw new TransitionError('invalid_transition', a.status, 'approve');
    if (!liveRequest(a, now)) throw new TransitionError('approval_lapsed', a.status, 'approve');
    return { status: 'confirmed', action: 'appointment.confirmed', holdExpiresAt: null };
  },
  decline(a: AppointmentState, now: Date, reason: string): TransitionResult {
    if (a.status !== 'requested') throw new TransitionError('invalid_transition', a.status, 'decline');
    if (!reason.trim()) throw new TransitionError('reason_required', a.status, 'decline');
    if (!liveRequest(a, now)) throw new TransitionError('approval_lapsed', a.status, 'decline');
    return {
      status: 'cancelled',
      action: 'appointment.declined',
      holdExpiresAt: null,
      cancelReason: reason.trim(),
    };
  },
  /** A request nobody answered by its deadline frees its time. */
  lapse(a: AppointmentState, now: Date): TransitionResult {
    if (a.status !== 'requested' || liveRequest(a, now))
      throw new TransitionError('invalid_transition', a.status, 'lapse');
    return { status: 'expired', action: 'appointment.approval_lapsed', holdExpiresAt: null };
  },
  /** Whichever of expire / lapse fits a row past its deadline (the sweep's one call). */
  lapseAny(a: AppointmentState, now: Date): TransitionResult {
    return a.status === 'requested' ? appointmentMachine.lapse(a, now) : move(a, 'expire', now);
  },
  /** Moving keeps the state; only appointments not yet under way (and live holds) move. */
  reschedule(a: AppointmentState, now: Date): TransitionResult {
    const ok = a.status === 'confirmed' || liveHold(a, now);
    if (!ok)
      throw new TransitionError(
        a.status === 'pending' ? 'hold_expired' : 'invalid_transition',
        a.status,
        'reschedule',
      );
    return { status: a.status, action: 'appointment.rescheduled', holdExpiresAt: a.holdExpiresAt };
  },
} as const;

/**
 * What staff may do with an appointment now (the UI's buttons): exactly the transitions the
 * machine would accept at `now` — a lapsed hold offers nothing, a no-show waits for the start.
 */
export function transitionsFrom(a: AppointmentState, now: Date): Exclude<TransitionName, 'expire'>[] {
  if (isLapsed(a, now)) return [];
  const names = Object.keys(FROM) as TransitionName[];
  return names.filter(
    (t): t is Exclude<TransitionName, 'expire'> =>
      t !== 'expire' &&
      FROM[t].includes(a.status) &&
      !refused(a, t) &&
      (t !== 'markNoShow' || now >= a.startsAt),
  );
}
