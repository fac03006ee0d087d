import { DAY_MS, todayIn } from '@cliniclick/time';
import type { Database } from '../../../platform/db/database.ts';
import { newId } from '../../../platform/db/ids.ts';
import { type ClinicTx, withClinic } from '../../../platform/db/tenancy.ts';
import { badRequest, notFound } from '../../../platform/http/errors.ts';
import { type Caller, requireSelfOrStaff } from '../access.ts';
import { futureActive, toAppointment } from '../appointments/repo.ts';
import type { Appointment } from '../appointments/schema.ts';
import { hhmmOf, minutesOf, outsideHours, overlappingRules } from '../core/hours.ts';
import type { WeeklyRule } from '../core/work-hours.ts';
import { clinicFacts, roomsExist } from '../setup/repo.ts';
import { requireDoctor } from '../setup/service.ts';
import { exceptionsFor, replaceRules, rulesOf } from './repo.ts';
import type { PutWorkHoursInput, WorkHours } from './schema.ts';

/** Clinic set-up use cases: doctors, services, rooms, work hours. */

/** How far ahead the orphan check looks for appointments outside new hours. */
export const ORPHAN_HORIZON_DAYS = 366;

function toRuleOut(r: WeeklyRule) {
  return { weekday: r.weekday, start: hhmmOf(r.start), end: hhmmOf(r.end), mode: r.mode, roomId: r.roomId };
}

export function getWorkHours(
  db: Database,
  clinicId: string,
  caller: Caller,
  doctorId: string,
): Promise<WorkHours> {
  return withClinic(db, clinicId, caller.actor, async (tx) => {
    await requireDoctor(tx, doctorId);
    const { timeZone } = await clinicFacts(tx);
    const rules = (await rulesOf(tx, [doctorId])).get(doctorId) ?? [];
    return { doctorId, timeZone, rules: rules.map(toRuleOut) };
  });
}

export function parseRules(input: PutWorkHoursInput): WeeklyRule[] {
  const rules = input.rules.map((r) => ({
    weekday: r.weekday,
    start: minutesOf(r.start),
    end: minutesOf(r.end),
    mode: r.mode,
    roomId: r.roomId,
  }));
  const bad = rules.findIndex((r) => r.end <= r.start);
  if (bad >= 0) {
    throw badRequest('validation_failed', 'A work interval must end after it starts', {
      errors: [{ field: `rules.${bad}.end`, message: 'must be after start' }],
    });
  }
  const roomOnline = rules.findIndex((r) => r.mode === 'online' && r.roomId !== null);
  if (roomOnline >= 0) {
    throw badRequest('validation_failed', 'Online hours take no room', {
      errors: [{ field: `rules.${roomOnline}.roomId`, message: 'online hours take no room' }],
    });
  }
  const clash = overlappingRules(rules);
  if (clash) {
    throw badRequest('overlapping_hours', 'Two work intervals overlap on the same day', {
      errors: [
        { field: 'rules', message: `weekday ${clash[0].weekday}: ${hhmmOf(clash[1].start)} overlaps` },
      ],
    });
  }
  return rules;
}

/**
 * Future appointments of the clinic (or one doctor) left outside work hours, were the given
 * rules (per doctor) and exceptions in force.
 */
export async function orphansUnder(
  tx: ClinicTx,
  doctorId: string | null,
  override: { rules?: Map<string, WeeklyRule[]> },
): Promise<Appointment[]> {
  const { timeZone } = await clinicFacts(tx);
  const until = new Date(tx.now.getTime() + ORPHAN_HORIZON_DAYS * DAY_MS);
  const upcoming = (await futureActive(tx, doctorId, until)).map((r) => ({
    row: r,
    doctorId: r.doctor_id,
    mode: r.mode,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
  }));
  if (upcoming.length === 0) return [];
  const doctors = [...new Set(upcoming.map((u) => u.doctorId))];
  const stored = await rulesOf(tx, doctors);
  // Days on the clinic's calendar: its today may be UTC's yesterday or tomorrow.
  const today = todayIn(timeZone, tx.now);
  const last = todayIn(timeZone, until);
  const exceptions = await exceptionsFor(tx, doctors, today, last);
  const found = outsideHours(
    upcoming,
    timeZone,
    (d) => override.rules?.get(d) ?? stored.get(d) ?? [],
    (d) => exceptions.get(d) ?? [],
  );
  return found.map((f) => toAppointment(f.row, tx.now));
}

export function previewWorkHours(
  db: Database,
  clinicId: string,
  caller: Caller,
  doctorId: string,
  input: PutWorkHoursInput,
): Promise<{ orphaned: Appointment[] }> {
  const rules = parseRules(input);
  return withClinic(db, clinicId, caller.actor, async (tx) => {
    await requireDoctor(tx, doctorId);
    requireSelfOrStaff(caller, doctorId, 'hours');
    return { orphaned: await orphansUnder(tx, doctorId, { rules: new Map([[doctorId, rules]]) }) };
  });
}

export function putWorkHours(
  db: Database,
  clinicId: string,
  caller: Caller,
  doctorId: string,
  input: PutWorkHoursInput,
): Promise<WorkHours & { orphaned: Appointment[] }> {
  const rules = parseRules(input);
  return withClinic(db, clinicId, caller.actor, async (tx) => {
    await requireDoctor(tx, doctorId);
    requireSelfOrStaff(caller, doctorId, 'hours');
    if (
      !(await roomsExist(
        tx,
        rules.flatMap((r) => (r.roomId ? [r.roomId] : [])),
      ))
    )
      throw notFound('Room');
    await replaceRules(
      tx,
      doctorId,
      rules,
      rules.map(() => newId()),
    );
    await tx.audit({
      action: 'work_hours.saved',
      entityType: 'doctor',
      entityId: doctorId,
      data: { rules: input.rules.length },
    });
    const { timeZone } = await clinicFacts(tx);
    const orphaned = await orphansUnder(tx, doctorId, {});
    return { doctorId, timeZone, rules: rules.map(toRuleOut), orphaned };
  });
}
