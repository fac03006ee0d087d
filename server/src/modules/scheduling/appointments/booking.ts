import { MINUTE_MS, utcToLocal } from '@cliniclick/time';
import { newId } from '../../../platform/db/ids.ts';
import type { ClinicTx } from '../../../platform/db/tenancy.ts';
import { AppError, badRequest, notFound } from '../../../platform/http/errors.ts';
import { findOrRegisterPatientIn, findPatientIn } from '../../patients/index.ts';
import { type Caller, requireSelfOrStaff } from '../access.ts';
import { localDatesAround } from '../core/hours.ts';
import {
  type AppointmentState,
  appointmentMachine,
  TransitionError,
  type TransitionResult,
} from '../core/state.ts';
import { workIntervals } from '../core/work-hours.ts';
import { exceptionsFor, rulesOf } from '../hours/repo.ts';
import * as setupRepo from '../setup/repo.ts';
import type { Service } from '../setup/schema.ts';
import { insertAppointment, lapsedHoldsOverlapping, type TransitionRow, updateAppointment } from './repo.ts';

/** Shared steps of booking, moving and changing appointments, inside a caller's transaction. */

export const slotTaken = (what: 'doctor' | 'room') =>
  new AppError(
    409,
    'slot_taken',
    what === 'room'
      ? 'That room is already booked at this time'
      : 'That time is no longer free; pick another slot',
    { conflict: what },
  );

/** The exclusion constraints' violation (23P01) as `slot_taken`; anything else unchanged. */
export function asSlotTaken(err: unknown): unknown {
  const e = err as { code?: string; constraint?: string; message?: string };
  if (e?.code !== '23P01') return err;
  const room = (e.constraint ?? e.message ?? '').includes('room');
  return slotTaken(room ? 'room' : 'doctor');
}

export function transitionFailed(err: unknown): unknown {
  if (!(err instanceof TransitionError)) return err;
  const messages = {
    invalid_transition: `This appointment is ${err.from.replace('_', ' ')}; it cannot do that now`,
    hold_expired: 'This hold has expired; book the slot again',
    too_early: 'The appointment has not started yet',
    reason_required: 'Give a reason for cancelling',
    check_in_first: 'Check the patient in before starting the visit',
    approval_lapsed: 'The time to answer this request has passed; it has expired',
  } as const;
  return new AppError(409, err.reason, messages[err.reason], { appointmentStatus: err.from });
}

export interface Offer {
  service: Service;
  durationMin: number;
  priceMinor: number;
  currency: string;
  timeZone: string;
}

/** The service as this doctor offers it (their duration and price), or 4xx. */
export async function offerFor(tx: ClinicTx, doctorId: string, serviceId: string): Promise<Offer> {
  if (!(await setupRepo.isActiveDoctor(tx, doctorId))) throw notFound('Doctor');
  const { currency, timeZone } = await setupRepo.clinicFacts(tx);
  const service = await setupRepo.findService(tx, serviceId, currency);
  if (!service) throw notFound('Service');
  if (!service.active) throw badRequest('service_inactive', 'This service is not offered any more');
  const [offer] = await setupRepo.offersOf(tx, serviceId, doctorId);
  if (!offer) throw badRequest('not_offered', 'This doctor does not offer this service');
  return {
    service,
    durationMin: offer.duration_min ?? service.durationMin,
    priceMinor: Number(offer.price_minor ?? service.priceMinor),
    currency,
    timeZone,
  };
}

/** The room an appointment takes: the one asked for, else the one its work interval is bound to. */
export async function roomFor(
  tx: ClinicTx,
  offer: Offer,
  doctorId: string,
  startsAt: Date,
  endsAt: Date,
  asked: string | undefined,
): Promise<string | null> {
  if (offer.service.mode === 'online') return null;
  if (asked) {
    if (!(await setupRepo.roomsExist(tx, [asked]))) throw notFound('Room');
    return asked;
  }
  const range = localDatesAround(offer.timeZone, startsAt, endsAt);
  const rules = (await rulesOf(tx, [doctorId])).get(doctorId) ?? [];
  const exceptions = (await exceptionsFor(tx, [doctorId], range.from, range.to)).get(doctorId) ?? [];
  const day = utcToLocal(offer.timeZone, startsAt.getTime()).day;
  const inside = workIntervals({
    timeZone: offer.timeZone,
    fromDay: day - 1,
    toDay: day + 1,
    rules,
    exceptions,
  }).find((w) => w.mode === 'in_person' && w.start <= startsAt.getTime() && endsAt.getTime() <= w.end);
  const room = inside?.roomId ?? null;
  if (offer.service.requiresRoom && !room) {
    throw badRequest('room_required', 'This service needs a room: choose one', {
      errors: [{ field: 'roomId', message: 'required for this service here' }],
    });
  }
  return room;
}

export function blockedRange(offer: Offer, startsAt: Date, endsAt: Date) {
  return {
    blocked_from: new Date(startsAt.getTime() - offer.service.bufferBeforeMin * MINUTE_MS),
    blocked_until: new Date(endsAt.getTime() + offer.service.bufferAfterMin * MINUTE_MS),
  };
}

/** The patient named by id, or quick-created from name and phone (an existing record is reused). */
export async function patientFor(
  tx: ClinicTx,
  input: { patientId?: string | undefined; patient?: { fullName: string; phone: string } | undefined },
): Promise<string> {
  if (input.patientId) {
    if (!(await findPatientIn(tx, input.patientId.toLowerCase()))) throw notFound('Patient');
    return input.patientId.toLowerCase();
  }
  if (!input.patient) throw badRequest('validation_failed', 'Give patientId or patient');
  return (await findOrRegisterPatientIn(tx, input.patient)).id;
}

/**
 * Writes the appointment's event in the change's transaction (tx.emit): published after the
 * commit, or by the job runner later if this process dies first; never for a rolled-back change.
 */
export async function announce(
  tx: ClinicTx,
  type: string,
  row: { id: string; doctor_id: string; status: string; starts_at: Date },
  extra?: Record<string, unknown>,
): Promise<void> {
  const event = {
    topic: 'appointments',
    clinicId: tx.clinicId,
    type,
    data: {
      appointmentId: row.id,
      doctorId: row.doctor_id,
      status: row.status,
      startsAt: row.starts_at.toISOString(),
      ...extra,
    },
    at: tx.now.toISOString(),
  };
  await tx.emit(event);
}

/** Writes a machine result: the row, its audit event and its event (tx.emit). */
export async function applyTransition(
  tx: ClinicTx,
  row: TransitionRow,
  result: TransitionResult,
  by?: Caller['actor'],
  data?: Record<string, unknown>,
): Promise<void> {
  await updateAppointment(tx, row.id, {
    status: result.status,
    hold_expires_at: result.holdExpiresAt,
    ...(result.cancelReason ? { cancel_reason: result.cancelReason } : {}),
  });
  await tx.audit(
    {
      action: result.action,
      entityType: 'appointment',
      entityId: row.id,
      data: {
        from: row.status,
        to: result.status,
        ...(result.cancelReason ? { reason: result.cancelReason } : {}),
        ...data,
      },
    },
    by,
  );
  await announce(tx, result.action, { ...row, status: result.status }, data);
}

/** Lapsed holds in the way of a booking are expired first (they still block in the constraint). */
export async function clearLapsedHolds(
  tx: ClinicTx,
  who: { doctorId: string; roomId: string | null },
  from: Date,
  to: Date,
): Promise<void> {
  for (const row of await lapsedHoldsOverlapping(tx, who, from, to)) {
    await applyTransition(tx, row, appointmentMachine.lapseAny(stateOf(row), tx.now), {
      kind: 'system',
      userId: null,
    });
  }
}

export function stateOf(row: TransitionRow): AppointmentState {
  return {
    status: row.status,
    startsAt: row.starts_at,
    holdExpiresAt: row.hold_expires_at,
    rules: { startBeforeCheckIn: row.start_before_check_in },
  };
}

export function requireOwnAgenda(caller: Caller, doctorId: string): void {
  requireSelfOrStaff(caller, doctorId, 'agenda');
}

export interface Placement {
  doctorId: string;
  serviceId: string;
  /** Null for a site hold: the visitor gives their details after taking the time. */
  patientId: string | null;
  roomId: string | null;
  startsAt: Date;
  endsAt: Date;
  seriesId: string | null;
  notes: string | null;
  source?: 'staff' | 'site' | 'patient';
}

/**
 * Takes the time for a new appointment (the caller holds the calendar locks): lapsed holds in the
 * way expire first, and a time already taken answers slot_taken. Returns the new id.
 */
export async function takeTime(
  tx: ClinicTx,
  offer: Offer,
  p: Placement,
  booked: TransitionResult,
): Promise<string> {
  const blocked = blockedRange(offer, p.startsAt, p.endsAt);
  await clearLapsedHolds(
    tx,
    { doctorId: p.doctorId, roomId: p.roomId },
    blocked.blocked_from,
    blocked.blocked_until,
  );
  const id = newId(tx.now.getTime());
  try {
    await insertAppointment(tx, {
      id,
      doctor_id: p.doctorId,
      patient_id: p.patientId,
      service_id: p.serviceId,
      room_id: p.roomId,
      series_id: p.seriesId,
      mode: offer.service.mode,
      starts_at: p.startsAt,
      ends_at: p.endsAt,
      ...blocked,
      status: booked.status,
      hold_expires_at: booked.holdExpiresAt,
      price_minor: offer.priceMinor,
      currency: offer.currency,
      notes: p.notes,
      ...(p.source ? { source: p.source } : {}),
    });
  } catch (err) {
    throw asSlotTaken(err);
  }
  return id;
}
