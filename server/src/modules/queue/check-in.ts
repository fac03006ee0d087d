import { addDays, MINUTE_MS, startOfDay } from '@cliniclick/time';
import { sha256 } from '../../platform/auth/crypto.ts';
import { newId } from '../../platform/db/ids.ts';
import { type ClinicTx, inSavepoint, withClinic } from '../../platform/db/tenancy.ts';
import { AppError, badRequest, notFound } from '../../platform/http/errors.ts';
import { findOrRegisterPatientIn, findPatientIn } from '../patients/index.ts';
import { changeAppointmentIn, placeAppointmentIn } from '../scheduling/index.ts';
import { clinicOf, type Deps } from './actions.ts';
import type { Caller } from './caller.ts';
import { checkInCodeOf, normalizeCode, ticketTokenOf, ticketUrlOf } from './codes.ts';
import { type EntrySource, earliestGap } from './core.ts';
import { sendTicket } from './messages.ts';
import { beginChange, publishChange } from './publish.ts';
import * as repo from './repo.ts';
import type { CheckInInput, QueueEntry, WalkInInput } from './schema.ts';
import { dayView, todayOf, toEntry } from './view.ts';

/** Arrivals: check-in at the desk (by id or the QR code), walk-ins, and the patient's own check-in. */

/** Statuses an appointment may join the queue from (checked_in: the calendar checked it in first). */
const JOINABLE = ['confirmed', 'checked_in'];

export function dayBounds(day: string, timeZone: string): { from: Date; to: Date } {
  return { from: startOfDay(day, timeZone), to: startOfDay(addDays(day, 1), timeZone) };
}

/** Today's appointments that may still join (or joined), for codes and self check-in. */
export function todaysJoinable(
  tx: ClinicTx,
  clinic: repo.ClinicFacts,
  opts: { patientId?: string } = {},
): Promise<repo.AppointmentRow[]> {
  const { from, to } = dayBounds(todayOf(tx.now, clinic.timeZone), clinic.timeZone);
  return repo.appointmentsBetween(tx, from, to, { statuses: JOINABLE, ...opts });
}

/**
 * The appointment joins today's queue: checked in (unless the calendar did it already), a ticket
 * number, the back of the doctor's line, the first estimate recorded, the ticket SMS. An
 * appointment already in the queue answers its entry (idempotent).
 */
export async function joinQueue(
  tx: ClinicTx,
  deps: Deps,
  clinic: repo.ClinicFacts,
  appointment: repo.AppointmentRow,
  source: EntrySource,
): Promise<repo.EntryRow> {
  const today = todayOf(tx.now, clinic.timeZone);
  if (appointment.mode !== 'in_person')
    throw new AppError(409, 'online_visit', 'This is an online visit: it has no place in the waiting room');
  const { from, to } = dayBounds(today, clinic.timeZone);
  const change = await beginChange(tx, clinic, today, today, appointment.doctor_id);
  const existing = await repo.entryOfAppointment(tx, appointment.id);
  if (existing) return existing;
  if (appointment.starts_at < from || appointment.starts_at >= to)
    throw new AppError(409, 'not_today', 'Only today’s appointments can be checked in');
  const fresh = await repo.findAppointment(tx, appointment.id);
  // The calendar may have started the visit before its check-in reached the queue.
  const joinable = source === 'calendar' ? [...JOINABLE, 'in_progress'] : JOINABLE;
  if (!fresh || !joinable.includes(fresh.status))
    throw new AppError(
      409,
      'not_confirmed',
      `This appointment is ${fresh?.status ?? 'gone'}: it cannot be checked in`,
      {
        appointmentStatus: fresh?.status ?? null,
      },
    );
  if (fresh.status === 'confirmed') await changeAppointmentIn(tx, fresh.id, { name: 'checkIn' });
  const id = newId(tx.now.getTime());
  const token = ticketTokenOf(deps.settings.appSecret, tx.clinicId, id);
  await repo.insertEntry(tx, {
    id,
    day: today,
    ticket: await repo.nextTicket(tx, today),
    appointment_id: fresh.id,
    doctor_id: fresh.doctor_id,
    patient_id: fresh.patient_id,
    service_id: fresh.service_id,
    state: 'waiting',
    rank: await repo.edgeRank(tx, today, fresh.doctor_id, false),
    source,
    arrived_at: tx.now,
    called_at: null,
    started_at: null,
    finished_at: null,
    checked_out_at: null,
    left_at: null,
    first_estimate_at: null,
    ticket_token_hash: sha256(token),
    next_sms_sent_at: null,
  });
  const ahead = (change.before.rows.filter((r) => r.state === 'waiting' || r.state === 'called') ?? [])
    .length;
  // The ticket SMS already says "you are next": no second SMS for the same news.
  await repo.updateEntry(tx, id, ahead <= 1 ? { next_sms_sent_at: tx.now } : {});
  await tx.audit({
    action: 'queue.checked_in',
    entityType: 'queue_entry',
    entityId: id,
    data: { appointmentId: fresh.id, source },
  });
  const after = await publishChange(tx, deps, change, id);
  const estimate = after.standing.get(id)?.estimatedStartAt ?? null;
  await repo.updateEntry(tx, id, { first_estimate_at: estimate });
  const row = await repo.findEntry(tx, id);
  if (!row) throw notFound('Queue entry');
  if (row.patient_phone) {
    await sendTicket(tx, deps.outbox, row.patient_phone, {
      clinic,
      ticket: row.ticket,
      ahead,
      url: ticketUrlOf(deps.settings.publicUrl, token),
    });
  }
  return row;
}

async function entryAnswer(tx: ClinicTx, clinic: repo.ClinicFacts, row: repo.EntryRow): Promise<QueueEntry> {
  const view = await dayView(tx, row.day, todayOf(tx.now, clinic.timeZone), row.doctor_id);
  const fresh = view.rows.find((r) => r.id === row.id) ?? row;
  return toEntry(fresh, view.standing.get(row.id));
}

/** The desk checks a patient in by appointment id or by the code of their QR. */
export function checkIn(
  deps: Deps,
  clinicId: string,
  caller: Caller,
  input: CheckInInput,
): Promise<QueueEntry> {
  return withClinic(deps.db, clinicId, caller.actor, async (tx) => {
    const clinic = await clinicOf(tx);
    let appointment: repo.AppointmentRow | undefined;
    if ('appointmentId' in input) {
      appointment = await repo.findAppointment(tx, input.appointmentId);
      if (!appointment) throw notFound('Appointment');
    } else {
      const code = normalizeCode(input.code);
      appointment = (await todaysJoinable(tx, clinic)).find(
        (a) => checkInCodeOf(deps.settings.appSecret, tx.clinicId, a.id) === code,
      );
      if (!appointment)
        throw new AppError(404, 'unknown_code', 'No appointment of today has this check-in code');
    }
    const row = await joinQueue(tx, deps, clinic, appointment, 'desk');
    return entryAnswer(tx, clinic, row);
  });
}

const STEP_MS = 5 * MINUTE_MS;

/**
 * A patient without an appointment: one is recorded at the doctor's first free time from now
 * today (for the service's length, its buffers kept), so the calendar stays free of double
 * bookings; then they join the queue.
 */
export function walkIn(
  deps: Deps,
  clinicId: string,
  caller: Caller,
  input: WalkInInput,
): Promise<QueueEntry> {
  return withClinic(deps.db, clinicId, caller.actor, async (tx) => {
    const clinic = await clinicOf(tx);
    const row = await walkInIn(tx, deps, clinic, input);
    return entryAnswer(tx, clinic, row);
  });
}

/** The walk-in in the caller's transaction (the demo seeds its waiting room with it). */
export async function walkInIn(
  tx: ClinicTx,
  deps: Deps,
  clinic: repo.ClinicFacts,
  input: WalkInInput,
): Promise<repo.EntryRow> {
  const today = todayOf(tx.now, clinic.timeZone);
  // The day's lock first, before the calendar's and the audit chain's (a new patient is audited),
  // as every queue change takes them: in another order a check-in and a walk-in could deadlock.
  await repo.lockDay(tx, today);
  if (!(await repo.doctorsOf(tx)).some((d) => d.id === input.doctorId)) throw notFound('Doctor');
  const service = await repo.serviceForDoctor(tx, input.doctorId, input.serviceId);
  if (!service)
    throw input.serviceId
      ? notFound('Service')
      : badRequest('no_service', 'This doctor offers no in-person service to book a walk-in for');
  let patientId: string;
  if (input.patientId) {
    if (!(await findPatientIn(tx, input.patientId))) throw notFound('Patient');
    patientId = input.patientId;
  } else if (input.patient) {
    patientId = (await findOrRegisterPatientIn(tx, input.patient)).id;
  } else throw badRequest('validation_failed', 'Give patientId or patient');
  const { to } = dayBounds(today, clinic.timeZone);
  let placedId: string | undefined;
  // The busy times are read, then the time taken under the calendar's lock; a booking that won
  // the time in between makes the next try look again.
  for (let attempt = 0; attempt < 3 && !placedId; attempt++) {
    const busy = await repo.busyOfDoctor(tx, input.doctorId, tx.now, to);
    const start = earliestGap(busy, {
      from: tx.now.getTime(),
      until: to.getTime(),
      lengthMs: service.minutes * MINUTE_MS,
      beforeMs: service.beforeMin * MINUTE_MS,
      afterMs: service.afterMin * MINUTE_MS,
      stepMs: STEP_MS,
    });
    if (start === null || start + service.minutes * MINUTE_MS > to.getTime())
      throw new AppError(409, 'no_room_today', 'This doctor has no free time left today for this service');
    try {
      const placed = await inSavepoint(tx, () =>
        placeAppointmentIn(tx, {
          doctorId: input.doctorId,
          serviceId: service.id,
          patientId,
          startsAt: new Date(start),
          notes: 'Walk-in',
        }),
      );
      placedId = placed.id;
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'slot_taken')) throw err;
    }
  }
  if (!placedId) throw new AppError(409, 'no_room_today', 'This doctor has no free time left today');
  const appointment = await repo.findAppointment(tx, placedId);
  if (!appointment) throw notFound('Appointment');
  return joinQueue(tx, deps, clinic, appointment, 'walk_in');
}

/** How long before their time a patient may check themselves in. */
export const SELF_CHECK_IN_MS = 2 * 60 * MINUTE_MS;

/** The signed-in patient checks in for their own appointment of today (from 2 hours before). */
export function checkInMyself(
  deps: Deps,
  clinicId: string,
  caller: Caller,
  appointmentId: string,
): Promise<{ entryId: string; ticketUrl: string }> {
  return withClinic(deps.db, clinicId, caller.actor, async (tx) => {
    const clinic = await clinicOf(tx);
    const patientId = await repo.patientIdOfUser(tx, caller.userId);
    const appointment = patientId ? await repo.findAppointment(tx, appointmentId) : undefined;
    if (!appointment || appointment.patient_id !== patientId) throw notFound('Appointment');
    const existing = await repo.entryOfAppointment(tx, appointment.id);
    if (!existing && appointment.starts_at.getTime() - SELF_CHECK_IN_MS > tx.now.getTime())
      throw new AppError(409, 'too_early', 'Check-in opens 2 hours before your appointment');
    const row = await joinQueue(tx, deps, clinic, appointment, 'self');
    return {
      entryId: row.id,
      ticketUrl: ticketUrlOf(
        deps.settings.publicUrl,
        ticketTokenOf(deps.settings.appSecret, tx.clinicId, row.id),
      ),
    };
  });
}
