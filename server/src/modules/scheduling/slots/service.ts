import { DAY_MS, dayFromIso, isoFromDay, isoInstant, localToUtc, utcToLocal } from '@cliniclick/time';
import type { Database } from '../../../platform/db/database.ts';
import { withClinic } from '../../../platform/db/tenancy.ts';
import { badRequest, notFound } from '../../../platform/http/errors.ts';
import type { Caller } from '../access.ts';
import { generateSlots, rankSlots } from '../core/slots.ts';
import * as repo from '../setup/repo.ts';
import { slotCalendar } from './repo.ts';
import type { SlotsQuery, SlotsResult } from './schema.ts';

/**
 * Staff see slots from now on (no minimum notice) up to half a year ahead, on the clinic's grid
 * (`clinic_scheduling_settings`, a quarter hour by default, off-grid starts only when the clinic
 * turns them on); the public booking API will pass its own notice and horizon.
 */
export const STAFF_SLOT_SETTINGS = { minNoticeMin: 0, horizonDays: 183 } as const;

export function findSlots(
  db: Database,
  clinicId: string,
  caller: Caller,
  serviceId: string,
  q: SlotsQuery,
  window: { minNoticeMin: number; horizonDays: number } = STAFF_SLOT_SETTINGS,
): Promise<SlotsResult> {
  return withClinic(db, clinicId, caller.actor, async (tx) => {
    // The access hook has read the clinic's zone and currency already: no query for them.
    const { timeZone } = caller.clinic ?? (await repo.clinicFacts(tx));
    const doctorId = q.doctorId?.toLowerCase() ?? null;
    // Default: this week from today, on the clinic's calendar.
    const fromDay = q.from ? dayFromIso(q.from) : utcToLocal(timeZone, tx.now.getTime()).day;
    const toDay = q.to ? dayFromIso(q.to) : fromDay + 6;
    if (toDay < fromDay || toDay - fromDay > 31) {
      throw badRequest('validation_failed', 'to must not be before from, at most 31 days later', {
        errors: [{ field: 'to', message: 'must not be before from, at most 31 days later' }],
      });
    }
    const calendar = await slotCalendar(tx, {
      serviceId: serviceId.toLowerCase(),
      doctorId,
      fromDate: isoFromDay(fromDay),
      toDate: isoFromDay(toDay),
      // Busy time a day either side: buffers and long visits reach over midnight.
      from: new Date(localToUtc(timeZone, fromDay, 0) - DAY_MS),
      to: new Date(localToUtc(timeZone, toDay + 1, 0) + DAY_MS),
      excludeId: q.excludeAppointmentId?.toLowerCase() ?? null,
    });
    const service = calendar.service;
    if (!service) throw notFound('Service');
    if (!service.active) throw badRequest('service_inactive', 'This service is not offered any more');
    if (doctorId && calendar.offers.length === 0 && !(await repo.isActiveDoctor(tx, doctorId))) {
      throw notFound('Doctor');
    }
    // Answer objects are built once, straight from the generator's slots (no copies per step):
    // at a week of a free doctor's quarter hours, copying and Date formatting cost more than
    // generating the slots did.
    const out: SlotsResult['slots'] = [];
    for (const o of calendar.offers) {
      const found = generateSlots({
        timeZone,
        fromDay,
        toDay,
        rules: calendar.rules.get(o.doctorId) ?? [],
        exceptions: calendar.exceptions.get(o.doctorId) ?? [],
        busy: calendar.busy.get(o.doctorId) ?? [],
        roomBusy: calendar.roomBusy,
        durationMin: o.durationMin ?? service.durationMin,
        bufferBeforeMin: service.bufferBeforeMin,
        bufferAfterMin: service.bufferAfterMin,
        ...window,
        granularityMin: calendar.grid.slotGridMin,
        offGridStarts: calendar.grid.offGridStarts,
        now: tx.now.getTime(),
        mode: service.mode,
        requiresRoom: service.requiresRoom,
      });
      for (const s of found) {
        out.push({
          doctorId: o.doctorId,
          start: isoInstant(s.start),
          end: isoInstant(s.end),
          recommended: s.recommended,
          mode: s.mode,
          roomId: s.roomId,
        });
      }
    }
    // ISO instants of one format order like the instants themselves.
    if (calendar.offers.length > 1) out.sort(byStartThenDoctor);
    const ordered = q.order === 'best' ? rankSlots(out) : out;
    return { timeZone, serviceId: service.id, slots: q.limit ? ordered.slice(0, q.limit) : ordered };
  });
}

function byStartThenDoctor(a: { start: string; doctorId: string }, b: { start: string; doctorId: string }) {
  return a.start < b.start
    ? -1
    : a.start > b.start
      ? 1
      : a.doctorId < b.doctorId
        ? -1
        : a.doctorId > b.doctorId
          ? 1
          : 0;
}
