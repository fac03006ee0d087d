import { dayFromIso, isoFromDay } from '@cliniclick/time';
import type { Database } from '../../../platform/db/database.ts';
import { withClinic } from '../../../platform/db/tenancy.ts';
import type { Caller } from '../access.ts';
import { localWorkOfDay } from '../core/work-hours.ts';
import { exceptionsFor, rulesOf } from '../hours/repo.ts';
import * as setupRepo from '../setup/repo.ts';
import { requireDoctor } from '../setup/service.ts';
import { readSettings, writeSettings } from './repo.ts';
import type { PutSchedulingSettings, SchedulingSettings, WorkDays, WorkDaysQuery } from './schema.ts';

/** The clinic's scheduling settings (the defaults until the owner changes them). */
export function getSchedulingSettings(
  db: Database,
  clinicId: string,
  caller: Caller,
): Promise<SchedulingSettings> {
  return withClinic(db, clinicId, caller.actor, (tx) => readSettings(tx));
}

/** Replaces the settings; slot answers cached for the clinic are dropped by the write hook. */
export function putSchedulingSettings(
  db: Database,
  clinicId: string,
  caller: Caller,
  input: PutSchedulingSettings,
): Promise<SchedulingSettings> {
  return withClinic(db, clinicId, caller.actor, async (tx) => {
    const before = await readSettings(tx);
    await writeSettings(tx, input, caller.userId || null);
    await tx.audit({
      action: 'scheduling.settings_updated',
      entityType: 'clinic',
      entityId: clinicId,
      data: {
        before: { slotGridMin: before.slotGridMin, offGridStarts: before.offGridStarts },
        after: input,
      },
    });
    return readSettings(tx);
  });
}

/**
 * For each local day of [from, to], whether any active doctor (or the one asked about) works:
 * weekly hours with time off, closures and extra hours applied. The calendar folds closed days.
 */
export function workDays(
  db: Database,
  clinicId: string,
  caller: Caller,
  q: WorkDaysQuery,
): Promise<WorkDays> {
  return withClinic(db, clinicId, caller.actor, async (tx) => {
    const doctorId = q.doctorId?.toLowerCase();
    if (doctorId) await requireDoctor(tx, doctorId);
    const doctors = doctorId ? [doctorId] : (await setupRepo.listDoctors(tx)).map((d) => d.id);
    const rules = await rulesOf(tx, doctors);
    const exceptions = await exceptionsFor(tx, doctors, q.from, q.to);
    const days: WorkDays['days'] = [];
    for (let day = dayFromIso(q.from); day <= dayFromIso(q.to); day++) {
      const open = doctors.some(
        (d) => localWorkOfDay(day, rules.get(d) ?? [], exceptions.get(d) ?? []).length > 0,
      );
      days.push({ date: isoFromDay(day), open });
    }
    return { days };
  });
}
