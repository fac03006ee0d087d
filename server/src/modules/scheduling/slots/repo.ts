import { sql } from 'kysely';
import { tablesOf } from '../../../platform/db/tables.ts';
import type { ClinicTx } from '../../../platform/db/tenancy.ts';
import type { Interval } from '../core/slots.ts';
import { BLOCKING_STATUSES } from '../core/state.ts';
import type { DatedException, Mode, WeeklyRule } from '../core/work-hours.ts';
import { type ExceptionRow, toDated } from '../hours/repo.ts';
import { DEFAULT_SCHEDULING_SETTINGS } from '../settings/repo.ts';
import type { SchedulingTables } from '../tables.ts';

const dbOf = tablesOf<SchedulingTables>();

/**
 * Everything slot generation needs for one service, in ONE statement: the service, the doctors offering it
 * (with their overrides), their weekly rules, the exceptions that apply to them, and the busy
 * time of those doctors and of the rooms their rules use. Slots are the hottest read; each round
 * trip costs more than the query (see PERFORMANCE.md).
 */
export interface SlotCalendar {
  service: {
    id: string;
    durationMin: number;
    mode: Mode;
    bufferBeforeMin: number;
    bufferAfterMin: number;
    requiresRoom: boolean;
    active: boolean;
  } | null;
  offers: Array<{ doctorId: string; durationMin: number | null }>;
  rules: Map<string, WeeklyRule[]>;
  exceptions: Map<string, DatedException[]>;
  busy: Map<string, Interval[]>;
  roomBusy: Map<string, Interval[]>;
  /** The clinic's grid and off-grid choice (migration 0010), the defaults when it has no row. */
  grid: { slotGridMin: number; offGridStarts: boolean };
}

interface Raw {
  service: {
    id: string;
    duration_min: number;
    mode: Mode;
    buffer_before_min: number;
    buffer_after_min: number;
    requires_room: boolean;
    active: boolean;
  } | null;
  offers: Array<{ doctor_id: string; duration_min: number | null }>;
  rules: Array<{
    doctor_id: string;
    weekday: number;
    start_min: number;
    end_min: number;
    mode: Mode;
    room_id: string | null;
  }>;
  exceptions: Array<ExceptionRow & { doctor_id: string | null }>;
  /** [doctor_id, room_id, blocked_from ms, blocked_until ms] */
  busy: Array<[string, string | null, number, number]>;
  grid: { slot_grid_min: number; off_grid_starts: boolean } | null;
}

const blocking = sql.join(BLOCKING_STATUSES.map((s) => sql.lit(s)));

export async function slotCalendar(
  tx: ClinicTx,
  q: {
    serviceId: string;
    doctorId: string | null;
    fromDate: string;
    toDate: string;
    from: Date;
    to: Date;
    /** An appointment whose own time does not count as busy (the one being moved). */
    excludeId: string | null;
  },
): Promise<SlotCalendar> {
  const { rows } = await sql<Raw>`
    with offers as (
      select ds.doctor_id, ds.duration_min
        from doctor_services ds
        join memberships m on m.clinic_id = ds.clinic_id and m.user_id = ds.doctor_id
                          and m.role = 'doctor' and m.status = 'active'
       where ds.clinic_id = ${tx.clinicId} and ds.service_id = ${q.serviceId}
         and (${q.doctorId}::uuid is null or ds.doctor_id = ${q.doctorId}::uuid)
    ), rules as (
      select r.doctor_id, r.weekday, r.start_min, r.end_min, r.mode, r.room_id
        from work_rules r
       where r.clinic_id = ${tx.clinicId} and r.doctor_id in (select doctor_id from offers)
    )
    select
      (select json_build_object('id', s.id, 'duration_min', s.duration_min, 'mode', s.mode,
                'buffer_before_min', s.buffer_before_min, 'buffer_after_min', s.buffer_after_min,
                'requires_room', s.requires_room, 'active', s.active)
         from services s where s.clinic_id = ${tx.clinicId} and s.id = ${q.serviceId}) as service,
      (select coalesce(json_agg(o order by o.doctor_id), '[]') from offers o) as offers,
      (select coalesce(json_agg(r order by r.doctor_id, r.weekday, r.start_min), '[]') from rules r) as rules,
      (select coalesce(json_agg(e), '[]') from (
         select e.id, e.doctor_id, e.kind, e.from_date, e.to_date, e.start_min, e.end_min, e.mode, e.room_id, e.note
           from schedule_exceptions e
          where e.clinic_id = ${tx.clinicId} and e.to_date >= ${q.fromDate} and e.from_date <= ${q.toDate}
            and (e.doctor_id is null or e.doctor_id in (select doctor_id from offers))) e) as exceptions,
      (select coalesce(json_agg(json_build_array(a.doctor_id, a.room_id,
                extract(epoch from a.blocked_from) * 1000, extract(epoch from a.blocked_until) * 1000)
                order by a.blocked_from), '[]')
         from appointments a
        where a.clinic_id = ${tx.clinicId}
          and a.status in (${blocking})
          and (a.status not in ('pending', 'requested') or a.hold_expires_at > ${tx.now})
          and (${q.excludeId}::uuid is null or a.id <> ${q.excludeId}::uuid)
          and tstzrange(a.blocked_from, a.blocked_until) && tstzrange(${q.from}, ${q.to})
          and (a.doctor_id in (select doctor_id from offers)
               or a.room_id in (select room_id from rules where room_id is not null))) as busy,
      (select json_build_object('slot_grid_min', g.slot_grid_min, 'off_grid_starts', g.off_grid_starts)
         from clinic_scheduling_settings g where g.clinic_id = ${tx.clinicId}) as grid`.execute(dbOf(tx));
  const raw = rows[0]!;
  const doctors = new Set(raw.offers.map((o) => o.doctor_id));
  const rules = new Map<string, WeeklyRule[]>();
  const exceptions = new Map<string, DatedException[]>();
  const busy = new Map<string, Interval[]>();
  for (const d of doctors) {
    rules.set(d, []);
    exceptions.set(d, []);
    busy.set(d, []);
  }
  const rooms = new Set<string>();
  for (const r of raw.rules) {
    rules
      .get(r.doctor_id)
      ?.push({ weekday: r.weekday, start: r.start_min, end: r.end_min, mode: r.mode, roomId: r.room_id });
    if (r.room_id) rooms.add(r.room_id);
  }
  for (const e of raw.exceptions) {
    const dated = toDated(e);
    for (const d of e.doctor_id ? [e.doctor_id] : doctors) exceptions.get(d)?.push(dated);
  }
  const roomBusy = new Map<string, Interval[]>([...rooms].map((r) => [r, []]));
  for (const [doctorId, roomId, from, until] of raw.busy) {
    const interval = { start: Number(from), end: Number(until) };
    busy.get(doctorId)?.push(interval);
    if (roomId) roomBusy.get(roomId)?.push(interval);
  }
  const svc = raw.service;
  return {
    service: svc && {
      id: svc.id,
      durationMin: svc.duration_min,
      mode: svc.mode,
      bufferBeforeMin: svc.buffer_before_min,
      bufferAfterMin: svc.buffer_after_min,
      requiresRoom: svc.requires_room,
      active: svc.active,
    },
    offers: raw.offers.map((o) => ({ doctorId: o.doctor_id, durationMin: o.duration_min })),
    rules,
    exceptions,
    busy,
    roomBusy,
    grid: raw.grid
      ? { slotGridMin: raw.grid.slot_grid_min, offGridStarts: raw.grid.off_grid_starts }
      : { ...DEFAULT_SCHEDULING_SETTINGS },
  };
}
