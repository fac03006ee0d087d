import type { Database } from '../../platform/db/database.ts';
import { withClinic } from '../../platform/db/tenancy.ts';
import { badRequest, notFound } from '../../platform/http/errors.ts';
import type { Caller } from './access.ts';
import type { SlotsQuery, SlotsResult } from './appointment-schema.ts';
import * as repo from './repo.ts';
import { generateSlots, rankSlots, type Slot } from './slots.ts';
import { slotCalendar } from './slots-repo.ts';
import { DAY_MS, dayFromIso, isoFromDay, localToUtc, utcToLocal } from './tz.ts';

/**
 * Staff see slots from now on (no minimum notice) up to half a year ahead, on a quarter-hour
 * grid; the public booking API will pass its own notice and horizon.
 */
export const STAFF_SLOT_SETTINGS = { granularityMin: 15, minNoticeMin: 0, horizonDays: 183 } as const;

export function findSlots(
  db: Database,
  clinicId: string,
  caller: Caller,
  serviceId: string,
  q: SlotsQuery,
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
    });
    const service = calendar.service;
    if (!service) throw notFound('Service');
    if (!service.active) throw badRequest('service_inactive', 'This service is not offered any more');
    if (doctorId && calendar.offers.length === 0 && !(await repo.isActiveDoctor(tx, doctorId))) {
      throw notFound('Doctor');
    }
    const slots: Array<Slot & { doctorId: string }> = [];
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
        ...STAFF_SLOT_SETTINGS,
        now: tx.now.getTime(),
        mode: service.mode,
        requiresRoom: service.requiresRoom,
      });
      for (const s of found) slots.push({ ...s, doctorId: o.doctorId });
    }
    if (calendar.offers.length > 1)
      slots.sort((a, b) => a.start - b.start || a.doctorId.localeCompare(b.doctorId));
    const ordered = q.order === 'best' ? rankSlots(slots) : slots;
    return {
      timeZone,
      serviceId: service.id,
      slots: ordered.map((s) => ({
        doctorId: s.doctorId,
        start: new Date(s.start).toISOString(),
        end: new Date(s.end).toISOString(),
        recommended: s.recommended,
        mode: s.mode,
        roomId: s.roomId,
      })),
    };
  });
}
