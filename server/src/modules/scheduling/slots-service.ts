import type { Database } from '../../platform/db/database.ts';
import { withClinic } from '../../platform/db/tenancy.ts';
import { badRequest, notFound } from '../../platform/http/errors.ts';
import type { Caller } from './access.ts';
import type { SlotsQuery, SlotsResult } from './appointment-schema.ts';
import { busyIntervals } from './appointments-repo.ts';
import { exceptionsFor } from './exceptions-repo.ts';
import * as repo from './repo.ts';
import { generateSlots, type Interval, rankSlots } from './slots.ts';
import { DAY_MS, dayFromIso, isoFromDay, localToUtc } from './tz.ts';

/**
 * Staff see slots from now on (no minimum notice) up to half a year ahead, on a quarter-hour
 * grid; the public booking API will pass its own notice and horizon.
 */
export const STAFF_SLOT_SETTINGS = { granularityMin: 15, minNoticeMin: 0, horizonDays: 183 } as const;

export function findSlots(
  db: Database,
  clinicId: string,
  caller: Caller,
  q: SlotsQuery,
): Promise<SlotsResult> {
  return withClinic(db, clinicId, caller.actor, async (tx) => {
    const { timeZone, currency } = await repo.clinicFacts(tx);
    const service = await repo.findService(tx, q.serviceId, currency);
    if (!service) throw notFound('Service');
    if (!service.active) throw badRequest('service_inactive', 'This service is not offered any more');
    const doctorId = q.doctorId?.toLowerCase();
    if (doctorId && !(await repo.isActiveDoctor(tx, doctorId))) throw notFound('Doctor');
    const offers = await repo.offersOf(tx, q.serviceId, doctorId);
    const fromDay = dayFromIso(q.from);
    const toDay = dayFromIso(q.to);
    const doctors = offers.map((o) => o.doctor_id);
    // Busy time a day either side: buffers and long visits reach over midnight.
    const from = new Date(localToUtc(timeZone, fromDay, 0) - DAY_MS);
    const to = new Date(localToUtc(timeZone, toDay + 1, 0) + DAY_MS);
    const [rules, exceptions, busy] = await Promise.all([
      repo.rulesOf(tx, doctors),
      exceptionsFor(tx, doctors, isoFromDay(fromDay), isoFromDay(toDay)),
      busyIntervals(tx, { doctorIds: doctors }, from, to),
    ]);
    const roomIds = [...new Set([...rules.values()].flat().flatMap((r) => (r.roomId ? [r.roomId] : [])))];
    const roomBusy: Map<string, Interval[]> = await busyIntervals(tx, { roomIds }, from, to);
    const slots = offers.flatMap((o) =>
      generateSlots({
        timeZone,
        fromDay,
        toDay,
        rules: rules.get(o.doctor_id) ?? [],
        exceptions: exceptions.get(o.doctor_id) ?? [],
        busy: busy.get(o.doctor_id) ?? [],
        roomBusy,
        durationMin: o.duration_min ?? service.durationMin,
        bufferBeforeMin: service.bufferBeforeMin,
        bufferAfterMin: service.bufferAfterMin,
        ...STAFF_SLOT_SETTINGS,
        now: tx.now.getTime(),
        mode: service.mode,
        requiresRoom: service.requiresRoom,
      }).map((s) => ({ ...s, doctorId: o.doctor_id })),
    );
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
