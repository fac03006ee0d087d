import { DAY_MS, localToUtc, MINUTE_MS, utcToLocal } from '@cliniclick/time';
import { activeClinicIds } from '../../../platform/db/clinics.ts';
import type { Database } from '../../../platform/db/database.ts';
import { newId } from '../../../platform/db/ids.ts';
import { type ClinicTx, inSavepoint, withClinic } from '../../../platform/db/tenancy.ts';
import { assertInWindow } from '../../../platform/http/dates.ts';
import { AppError, badRequest, notFound } from '../../../platform/http/errors.ts';
import { agendaDoctor, type Caller } from '../access.ts';
import { appointmentMachine, type TransitionName } from '../core/state.ts';
import { clinicFacts } from '../setup/repo.ts';
import {
  announce,
  applyTransition,
  asSlotTaken,
  blockedRange,
  clearLapsedHolds,
  offerFor,
  patientFor,
  requireOwnAgenda,
  roomFor,
  stateOf,
  takeTime,
  transitionFailed,
} from './booking.ts';
import * as repo from './repo.ts';
import type {
  Appointment,
  BookInput,
  ListAppointmentsQuery,
  MyAppointment,
  RescheduleInput,
  SeriesInput,
  SeriesResult,
} from './schema.ts';

/** Appointment use cases: book, change state, move, repeat, list. */

export interface Ctx {
  db: Database;
}

async function loaded(tx: ClinicTx, id: string): Promise<Appointment> {
  const row = await repo.findAppointment(tx, id);
  if (!row) throw notFound('Appointment');
  return repo.toAppointment(row, tx.now);
}

/** UUIDs in one (lower-case) form: they are compared as strings for access and hashed in audit. */
function lowerIds<
  T extends {
    doctorId: string;
    serviceId: string;
    patientId?: string | undefined;
    roomId?: string | undefined;
  },
>(input: T): T {
  return {
    ...input,
    doctorId: input.doctorId.toLowerCase(),
    serviceId: input.serviceId.toLowerCase(),
    ...(input.patientId ? { patientId: input.patientId.toLowerCase() } : {}),
    ...(input.roomId ? { roomId: input.roomId.toLowerCase() } : {}),
  };
}

export function book(ctx: Ctx, clinicId: string, caller: Caller, raw: BookInput): Promise<Appointment> {
  const input = lowerIds(raw);
  return withClinic(ctx.db, clinicId, caller.actor, async (tx) => {
    requireOwnAgenda(caller, input.doctorId);
    const offer = await offerFor(tx, input.doctorId, input.serviceId);
    const startsAt = new Date(input.startsAt);
    const endsAt = new Date(startsAt.getTime() + offer.durationMin * MINUTE_MS);
    if (endsAt <= tx.now) throw badRequest('in_the_past', 'This time has already passed');
    const roomId = await roomFor(tx, offer, input.doctorId, startsAt, endsAt, input.roomId);
    await repo.lockCalendars(tx, [input.doctorId, roomId]);
    const patientId = await patientFor(tx, input);
    const result = appointmentMachine.book(tx.now, input.holdMinutes ? { minutes: input.holdMinutes } : null);
    const id = await takeTime(
      tx,
      offer,
      { ...input, patientId, roomId, startsAt, endsAt, seriesId: null, notes: input.notes ?? null },
      result,
    );
    await tx.audit({
      action: result.action,
      entityType: 'appointment',
      entityId: id,
      data: { doctorId: input.doctorId, patientId, startsAt: startsAt.toISOString(), status: result.status },
    });
    await announce(tx, result.action, {
      id,
      doctor_id: input.doctorId,
      status: result.status,
      starts_at: startsAt,
    });
    return loaded(tx, id);
  });
}

export type Change =
  | { name: Exclude<TransitionName, 'cancel' | 'expire'> }
  | { name: 'cancel'; reason: string };

/** Every state change goes through the one machine, audited, with its event (tx.emit). */
export function change(
  ctx: Ctx,
  clinicId: string,
  caller: Caller,
  id: string,
  c: Change,
): Promise<Appointment> {
  return withClinic(ctx.db, clinicId, caller.actor, async (tx) => {
    const row = await repo.findAppointment(tx, id, true);
    if (!row) throw notFound('Appointment');
    requireOwnAgenda(caller, row.doctor_id);
    let result: ReturnType<typeof appointmentMachine.confirm>;
    try {
      result =
        c.name === 'cancel'
          ? appointmentMachine.cancel(stateOf(row), tx.now, c.reason)
          : appointmentMachine[c.name](stateOf(row), tx.now);
    } catch (err) {
      throw transitionFailed(err);
    }
    await applyTransition(tx, row, result);
    return loaded(tx, id);
  });
}

/** One atomic move: the row's range changes in one UPDATE, checked by the exclusion constraints. */
export function reschedule(
  ctx: Ctx,
  clinicId: string,
  caller: Caller,
  id: string,
  input: RescheduleInput,
): Promise<Appointment> {
  return withClinic(ctx.db, clinicId, caller.actor, async (tx) => {
    const row = await repo.findAppointment(tx, id, true);
    if (!row) throw notFound('Appointment');
    requireOwnAgenda(caller, row.doctor_id);
    const doctorId = input.doctorId?.toLowerCase() ?? row.doctor_id;
    requireOwnAgenda(caller, doctorId);
    try {
      appointmentMachine.reschedule(stateOf(row), tx.now);
    } catch (err) {
      throw transitionFailed(err);
    }
    const offer = await offerFor(tx, doctorId, row.service_id);
    const startsAt = new Date(input.startsAt);
    const endsAt = new Date(startsAt.getTime() + (row.ends_at.getTime() - row.starts_at.getTime()));
    if (endsAt <= tx.now) throw badRequest('in_the_past', 'This time has already passed');
    const keepRoom = doctorId === row.doctor_id && row.room_id !== null ? row.room_id : undefined;
    const roomId = await roomFor(tx, offer, doctorId, startsAt, endsAt, keepRoom);
    const blocked = blockedRange(offer, startsAt, endsAt);
    await repo.lockCalendars(tx, [doctorId, roomId]);
    await clearLapsedHolds(tx, { doctorId, roomId }, blocked.blocked_from, blocked.blocked_until);
    try {
      await repo.updateAppointment(tx, id, {
        doctor_id: doctorId,
        room_id: roomId,
        starts_at: startsAt,
        ends_at: endsAt,
        ...blocked,
      });
    } catch (err) {
      throw asSlotTaken(err);
    }
    await tx.audit({
      action: 'appointment.rescheduled',
      entityType: 'appointment',
      entityId: id,
      data: {
        from: { doctorId: row.doctor_id, startsAt: row.starts_at.toISOString() },
        to: { doctorId, startsAt: startsAt.toISOString() },
      },
    });
    // The old time goes with the event: it may now be free for someone waiting (waitlist).
    await announce(
      tx,
      'appointment.rescheduled',
      { ...row, doctor_id: doctorId, starts_at: startsAt },
      { previousStartsAt: row.starts_at.toISOString(), previousDoctorId: row.doctor_id },
    );
    return loaded(tx, id);
  });
}

/** Occurrences keep the local wall-clock time across DST changes (weekly at 09:00 stays 09:00). */
export function occurrences(timeZone: string, first: Date, everyWeeks: number, count: number): Date[] {
  const { day, minute } = utcToLocal(timeZone, first.getTime());
  const seconds = first.getTime() % MINUTE_MS;
  return Array.from(
    { length: count },
    (_, i) => new Date(localToUtc(timeZone, day + i * 7 * everyWeeks, minute) + seconds),
  );
}

/**
 * A recurring series books every free occurrence and reports the taken ones (or, as a dry run,
 * books nothing and says which would be free). Each occurrence is tried under a savepoint, so
 * a taken one is rolled back alone.
 */
export function bookSeries(
  ctx: Ctx,
  clinicId: string,
  caller: Caller,
  raw: SeriesInput,
): Promise<SeriesResult> {
  const input = lowerIds(raw);
  return withClinic(ctx.db, clinicId, caller.actor, async (tx) => {
    requireOwnAgenda(caller, input.doctorId);
    const offer = await offerFor(tx, input.doctorId, input.serviceId);
    const starts = occurrences(offer.timeZone, new Date(input.startsAt), input.everyWeeks, input.count);
    // The first visit's window was checked with the request; the last one must fit it too.
    assertInWindow('count', starts[starts.length - 1]!, 'schedule', {
      now: tx.now,
      timeZone: offer.timeZone,
    });
    if (starts[0]!.getTime() + offer.durationMin * MINUTE_MS <= tx.now.getTime()) {
      throw badRequest('in_the_past', 'This time has already passed');
    }
    const seriesId = newId(tx.now.getTime());
    const patientId = input.dryRun && input.patient ? null : await patientFor(tx, input);
    const result: SeriesResult = { seriesId: null, booked: [], free: [], conflicts: [] };
    const booked = appointmentMachine.book(tx.now, null);
    for (const startsAt of starts) {
      const endsAt = new Date(startsAt.getTime() + offer.durationMin * MINUTE_MS);
      const when = { startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() };
      const roomId = await roomFor(tx, offer, input.doctorId, startsAt, endsAt, input.roomId);
      const blocked = blockedRange(offer, startsAt, endsAt);
      if (input.dryRun || patientId === null) {
        const busy = await repo.busyIntervals(
          tx,
          { doctorIds: [input.doctorId] },
          blocked.blocked_from,
          blocked.blocked_until,
        );
        const roomBusy = roomId
          ? await repo.busyIntervals(tx, { roomIds: [roomId] }, blocked.blocked_from, blocked.blocked_until)
          : new Map();
        const taken =
          (busy.get(input.doctorId)?.length ?? 0) + ((roomId && roomBusy.get(roomId)?.length) || 0);
        if (taken > 0) result.conflicts.push({ ...when, code: 'slot_taken' });
        else result.free.push(when);
        continue;
      }
      await repo.lockCalendars(tx, [input.doctorId, roomId]);
      let id: string;
      try {
        id = await inSavepoint(tx, () =>
          takeTime(
            tx,
            offer,
            { ...input, patientId, roomId, startsAt, endsAt, seriesId, notes: input.notes ?? null },
            booked,
          ),
        );
      } catch (err) {
        if (!(err instanceof AppError && err.code === 'slot_taken')) throw err;
        result.conflicts.push({ ...when, code: 'slot_taken' });
        continue;
      }
      result.booked.push(await loaded(tx, id));
      await announce(tx, 'appointment.booked', {
        id,
        doctor_id: input.doctorId,
        status: 'confirmed',
        starts_at: startsAt,
      });
    }
    if (result.booked.length > 0) {
      result.seriesId = seriesId;
      await tx.audit({
        action: 'appointment.series_booked',
        entityType: 'appointment_series',
        entityId: seriesId,
        data: {
          doctorId: input.doctorId,
          patientId,
          booked: result.booked.map((b) => b.id),
          conflicts: result.conflicts.map((c) => c.startsAt),
        },
      });
    }
    return result;
  });
}

export function listAppointments(ctx: Ctx, clinicId: string, caller: Caller, q: ListAppointmentsQuery) {
  const doctorId = agendaDoctor(caller, q.doctorId?.toLowerCase());
  return withClinic(ctx.db, clinicId, caller.actor, async (tx) => {
    // Default: a week from today's local midnight.
    const timeZone = caller.clinic?.timeZone ?? (await clinicFacts(tx)).timeZone;
    const from = q.from
      ? new Date(q.from)
      : new Date(localToUtc(timeZone, utcToLocal(timeZone, tx.now.getTime()).day, 0));
    const to = q.to ? new Date(q.to) : new Date(from.getTime() + 7 * DAY_MS);
    if (to <= from) {
      throw badRequest('validation_failed', 'to must be after from', {
        errors: [{ field: 'to', message: 'must be after from' }],
      });
    }
    const rows = await repo.listAppointments(tx, {
      from,
      to,
      doctorId,
      status: q.status,
    });
    return { items: rows.map((r) => repo.toAppointment(r, tx.now)) };
  });
}

export function getAppointment(ctx: Ctx, clinicId: string, caller: Caller, id: string): Promise<Appointment> {
  return withClinic(ctx.db, clinicId, caller.actor, async (tx) => {
    const a = await loaded(tx, id);
    requireOwnAgenda(caller, a.doctorId);
    return a;
  });
}

/** A patient's own appointments, and nothing of anyone else's. */
export function myAppointments(
  ctx: Ctx,
  clinicId: string,
  caller: Caller,
  q: { scope: 'upcoming' | 'past'; limit: number },
): Promise<{ items: MyAppointment[] }> {
  return withClinic(ctx.db, clinicId, caller.actor, async (tx) => {
    const rows = await repo.patientAppointments(tx, caller.userId, q);
    return {
      items: rows.map((r) => {
        const a = repo.toAppointment(r, tx.now);
        return {
          id: a.id,
          status: a.status,
          doctorId: a.doctorId,
          doctorName: a.doctorName,
          serviceId: a.serviceId,
          serviceName: a.serviceName,
          serviceNameAr: a.serviceNameAr,
          mode: a.mode,
          startsAt: a.startsAt,
          endsAt: a.endsAt,
          holdExpiresAt: a.holdExpiresAt,
          priceMinor: a.priceMinor,
          currency: a.currency,
        };
      }),
    };
  });
}

/**
 * The expiry sweep: marks lapsed holds `expired` (audited, with events) in every active clinic.
 * Lapsed holds already stop blocking slots and bookings before this runs; the sweep makes their
 * state true for lists and feeds. Returns how many expired.
 */
export async function expireLapsedHolds(ctx: Ctx, batch = 200): Promise<number> {
  let total = 0;
  for (const clinicId of await activeClinicIds(ctx.db)) {
    total += await withClinic(ctx.db, clinicId, { kind: 'system', userId: null }, async (tx) => {
      const rows = await repo.lapsedHolds(tx, batch);
      for (const row of rows)
        await applyTransition(tx, row, appointmentMachine.lapseAny(stateOf(row), tx.now));
      return rows.length;
    });
  }
  return total;
}
