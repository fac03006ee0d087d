import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  APPOINTMENT_STATUSES,
  type AppointmentState,
  appointmentMachine,
  TransitionError,
  transitionsFrom,
} from './state.ts';

const now = new Date('2026-06-01T10:00:00Z');
const state = (over: Partial<AppointmentState> = {}): AppointmentState => ({
  status: 'confirmed',
  startsAt: new Date('2026-06-01T11:00:00Z'),
  holdExpiresAt: null,
  ...over,
});
const failure = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err instanceof TransitionError ? err.reason : 'other';
  }
  return null;
};

describe('appointment state machine', () => {
  it('walks the happy path', () => {
    const held = appointmentMachine.book(now, { minutes: 10 });
    expect(held).toMatchObject({ status: 'pending', holdExpiresAt: new Date('2026-06-01T10:10:00Z') });
    const a = state({ status: 'pending', holdExpiresAt: held.holdExpiresAt });
    const confirmed = appointmentMachine.confirm(a, now);
    expect(confirmed).toMatchObject({
      status: 'confirmed',
      action: 'appointment.confirmed',
      holdExpiresAt: null,
    });
    expect(appointmentMachine.checkIn(state(), now).status).toBe('checked_in');
    expect(appointmentMachine.start(state({ status: 'checked_in' }), now).status).toBe('in_progress');
    expect(appointmentMachine.complete(state({ status: 'in_progress' }), now).status).toBe('completed');
    expect(appointmentMachine.book(now, null)).toMatchObject({
      status: 'confirmed',
      action: 'appointment.booked',
    });
  });

  it('a lapsed hold can only expire; a live one cannot', () => {
    const lapsed = state({ status: 'pending', holdExpiresAt: new Date('2026-06-01T09:59:00Z') });
    expect(failure(() => appointmentMachine.confirm(lapsed, now))).toBe('hold_expired');
    expect(failure(() => appointmentMachine.reschedule(lapsed, now))).toBe('hold_expired');
    expect(appointmentMachine.expire(lapsed, now).status).toBe('expired');
    const live = state({ status: 'pending', holdExpiresAt: new Date('2026-06-01T10:05:00Z') });
    expect(failure(() => appointmentMachine.expire(live, now))).toBe('invalid_transition');
  });

  it('cancel needs a reason; no-show only once the time has come', () => {
    expect(failure(() => appointmentMachine.cancel(state(), now, '  '))).toBe('reason_required');
    expect(appointmentMachine.cancel(state(), now, ' ill ')).toMatchObject({
      status: 'cancelled',
      cancelReason: 'ill',
    });
    expect(failure(() => appointmentMachine.markNoShow(state(), now))).toBe('too_early');
    expect(appointmentMachine.markNoShow(state(), new Date('2026-06-01T11:20:00Z')).status).toBe('no_show');
  });

  it('a patient who has arrived is never a no-show; starting waits for check-in unless the clinic allows it', () => {
    const late = new Date('2026-06-01T11:20:00Z');
    const arrived = state({ status: 'checked_in' });
    expect(failure(() => appointmentMachine.markNoShow(arrived, late))).toBe('invalid_transition');
    expect(transitionsFrom(arrived, late)).not.toContain('markNoShow');
    expect(transitionsFrom(arrived, late)).toContain('start');

    expect(failure(() => appointmentMachine.start(state(), now))).toBe('check_in_first');
    expect(transitionsFrom(state(), now)).not.toContain('start');
    const relaxed = state({ rules: { startBeforeCheckIn: true } });
    expect(appointmentMachine.start(relaxed, now).status).toBe('in_progress');
    expect(transitionsFrom(relaxed, now)).toContain('start');
  });

  it('final states go nowhere, and the actions offered are exactly the moves accepted now', () => {
    const names = ['confirm', 'checkIn', 'start', 'complete', 'markNoShow', 'cancel'] as const;
    const hour = 3_600_000;
    fc.assert(
      fc.property(
        fc.constantFrom(...APPOINTMENT_STATUSES),
        fc.constantFrom(...names),
        fc.integer({ min: -3, max: 3 }),
        fc.integer({ min: -3, max: 3 }),
        fc.boolean(),
        (status, name, startsIn, holdLapsesIn, startBeforeCheckIn) => {
          const a = state({
            status,
            rules: { startBeforeCheckIn },
            startsAt: new Date(now.getTime() + startsIn * hour),
            holdExpiresAt:
              status === 'pending' || status === 'requested'
                ? new Date(now.getTime() + holdLapsesIn * hour)
                : null,
          });
          const ok =
            failure(() =>
              name === 'cancel' ? appointmentMachine.cancel(a, now, 'ill') : appointmentMachine[name](a, now),
            ) === null;
          expect(ok).toBe(transitionsFrom(a, now).includes(name));
          if (['completed', 'cancelled', 'no_show', 'expired'].includes(status)) expect(ok).toBe(false);
        },
      ),
    );
  });

  it('online booking: verify, approve, decline (reason required), lapse past the deadline', () => {
    const hour = 3_600_000;
    const hold = state({ status: 'pending', holdExpiresAt: new Date(now.getTime() + 60_000) });
    expect(appointmentMachine.verify(hold, now, null)).toMatchObject({
      status: 'confirmed',
      action: 'appointment.confirmed',
    });
    const deadline = new Date(now.getTime() + 24 * hour);
    const asked = appointmentMachine.verify(hold, now, { deadline });
    expect(asked).toEqual({ status: 'requested', action: 'appointment.requested', holdExpiresAt: deadline });
    const lapsedHold = state({ status: 'pending', holdExpiresAt: new Date(now.getTime() - 1) });
    expect(failure(() => appointmentMachine.verify(lapsedHold, now, null))).toBe('hold_expired');

    const req = state({ status: 'requested', holdExpiresAt: deadline });
    expect(appointmentMachine.approve(req, now).status).toBe('confirmed');
    expect(failure(() => appointmentMachine.decline(req, now, ' '))).toBe('reason_required');
    expect(appointmentMachine.decline(req, now, 'Doctor away')).toMatchObject({
      status: 'cancelled',
      action: 'appointment.declined',
      cancelReason: 'Doctor away',
    });
    expect(failure(() => appointmentMachine.lapse(req, now))).toBe('invalid_transition');
    expect(transitionsFrom(req, now)).toEqual(['cancel']);

    const later = new Date(deadline.getTime() + 1);
    expect(failure(() => appointmentMachine.approve(req, later))).toBe('approval_lapsed');
    expect(failure(() => appointmentMachine.cancel(req, later, 'x'))).toBe('approval_lapsed');
    expect(appointmentMachine.lapse(req, later)).toMatchObject({
      status: 'expired',
      action: 'appointment.approval_lapsed',
    });
    expect(appointmentMachine.lapseAny(req, later).action).toBe('appointment.approval_lapsed');
    expect(appointmentMachine.lapseAny(lapsedHold, now).action).toBe('appointment.expired');
    expect(transitionsFrom(req, later)).toEqual([]);
  });
});
