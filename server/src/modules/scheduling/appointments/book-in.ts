import { MINUTE_MS } from '@cliniclick/time';
import type { ClinicTx } from '../../../platform/db/tenancy.ts';
import { AppError, badRequest, notFound } from '../../../platform/http/errors.ts';
import { type AppointmentStatus, appointmentMachine } from '../core/state.ts';
import {
  announce,
  applyTransition,
  offerFor,
  roomFor,
  stateOf,
  takeTime,
  transitionFailed,
} from './booking.ts';
import * as repo from './repo.ts';

/**
 * Booking steps for other modules that must book inside THEIR OWN transaction (a waitlist claim
 * books the appointment and marks the offer claimed atomically). The HTTP use cases in service.ts
 * open their own transaction; these take the caller's. Same rules: the machine, the calendar locks,
 * the exclusion constraints (a taken time answers 409 slot_taken), audit and event.
 */

export interface PlaceInput {
  doctorId: string;
  serviceId: string;
  patientId: string;
  startsAt: Date;
  /** A `pending` hold that lapses after this many minutes; absent: confirmed at once. */
  holdMinutes?: number | undefined;
  notes?: string | null | undefined;
}

export interface Placed {
  id: string;
  startsAt: Date;
  endsAt: Date;
  status: 'pending' | 'confirmed';
}

/** The minutes this doctor's offer of the service lasts, or null when they do not offer it. */
export async function offeredMinutesIn(
  tx: ClinicTx,
  doctorId: string,
  serviceId: string,
): Promise<number | null> {
  try {
    return (await offerFor(tx, doctorId, serviceId)).durationMin;
  } catch (err) {
    if (err instanceof AppError && err.status < 500) return null;
    throw err;
  }
}

/** Books (or holds) a time for a patient in the caller's transaction; 409 slot_taken when taken. */
export async function placeAppointmentIn(tx: ClinicTx, input: PlaceInput): Promise<Placed> {
  const offer = await offerFor(tx, input.doctorId, input.serviceId);
  const startsAt = input.startsAt;
  const endsAt = new Date(startsAt.getTime() + offer.durationMin * MINUTE_MS);
  if (endsAt <= tx.now) throw badRequest('in_the_past', 'This time has already passed');
  const roomId = await roomFor(tx, offer, input.doctorId, startsAt, endsAt, undefined);
  await repo.lockCalendars(tx, [input.doctorId, roomId]);
  const result = appointmentMachine.book(tx.now, input.holdMinutes ? { minutes: input.holdMinutes } : null);
  const id = await takeTime(
    tx,
    offer,
    {
      doctorId: input.doctorId,
      serviceId: input.serviceId,
      patientId: input.patientId,
      roomId,
      startsAt,
      endsAt,
      seriesId: null,
      notes: input.notes ?? null,
    },
    result,
  );
  await tx.audit({
    action: result.action,
    entityType: 'appointment',
    entityId: id,
    data: {
      doctorId: input.doctorId,
      patientId: input.patientId,
      startsAt: startsAt.toISOString(),
      status: result.status,
    },
  });
  await announce(tx, result.action, {
    id,
    doctor_id: input.doctorId,
    status: result.status,
    starts_at: startsAt,
  });
  return { id, startsAt, endsAt, status: result.status === 'pending' ? 'pending' : 'confirmed' };
}

/** Confirms a live hold (409 hold_expired / invalid_transition otherwise). */
export async function confirmHoldIn(tx: ClinicTx, id: string): Promise<void> {
  const row = await repo.findAppointment(tx, id, true);
  if (!row) throw notFound('Appointment');
  try {
    await applyTransition(tx, row, appointmentMachine.confirm(stateOf(row), tx.now));
  } catch (err) {
    throw transitionFailed(err);
  }
}

/** Cancels an appointment or hold with a reason; one that is already over is left as it is. */
export async function releaseAppointmentIn(tx: ClinicTx, id: string, reason: string): Promise<boolean> {
  const row = await repo.findAppointment(tx, id, true);
  if (!row || (row.status !== 'pending' && row.status !== 'confirmed')) return false;
  // A hold already past its expiry is expired (as the sweep would), not cancelled.
  const lapsed = row.status === 'pending' && row.hold_expires_at !== null && row.hold_expires_at <= tx.now;
  try {
    await applyTransition(
      tx,
      row,
      lapsed
        ? appointmentMachine.expire(stateOf(row), tx.now)
        : appointmentMachine.cancel(stateOf(row), tx.now, reason),
    );
  } catch (err) {
    throw transitionFailed(err);
  }
  return true;
}

/** A state change another module makes in its own transaction (the queue moves visits along). */
export type AppointmentChange =
  | { name: 'checkIn' | 'start' | 'complete' }
  | { name: 'cancel'; reason: string };

/**
 * Runs one transition of the machine in the caller's transaction (row locked, audited, its event
 * written with tx.emit); 404 for an unknown id, 409 with the machine's reason when refused.
 */
export async function changeAppointmentIn(
  tx: ClinicTx,
  id: string,
  change: AppointmentChange,
): Promise<AppointmentStatus> {
  const row = await repo.findAppointment(tx, id, true);
  if (!row) throw notFound('Appointment');
  let result: ReturnType<typeof appointmentMachine.checkIn>;
  try {
    result =
      change.name === 'cancel'
        ? appointmentMachine.cancel(stateOf(row), tx.now, change.reason)
        : appointmentMachine[change.name](stateOf(row), tx.now);
  } catch (err) {
    throw transitionFailed(err);
  }
  await applyTransition(tx, row, result);
  return result.status;
}

export interface AppointmentFacts {
  id: string;
  doctorId: string;
  serviceId: string;
  patientId: string;
  status: string;
  startsAt: Date;
  endsAt: Date;
}

/** An appointment's time and parties (for a module that reacts to its events). */
export async function appointmentFactsIn(tx: ClinicTx, id: string): Promise<AppointmentFacts | undefined> {
  const row = await repo.findAppointment(tx, id);
  if (!row) return undefined;
  return {
    id: row.id,
    doctorId: row.doctor_id,
    serviceId: row.service_id,
    patientId: row.patient_id,
    status: row.status,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
  };
}

/** Whether nothing live blocks the doctor's time [from, to) now (lapsed holds do not count). */
export async function isTimeFreeIn(tx: ClinicTx, doctorId: string, from: Date, to: Date): Promise<boolean> {
  const busy = (await repo.busyIntervals(tx, { doctorIds: [doctorId] }, from, to)).get(doctorId) ?? [];
  return busy.length === 0;
}
