import { localTimeOf } from '@cliniclick/time';
import type { ClinicTx } from '../../platform/db/tenancy.ts';
import {
  arrivalOf,
  type Duration,
  ESTIMATE_WINDOW_DAYS,
  estimateMinutes,
  estimateStarts,
  IN_LINE,
  lineOf,
} from './core.ts';
import * as repo from './repo.ts';
import type { QueueEntry } from './schema.ts';

/** Where each entry of a day stands: position in its doctor's line and estimated start. */
export interface Standing {
  position: number | null;
  peopleAhead: number | null;
  estimatedStartAt: Date | null;
}

export interface DayView {
  day: string;
  rows: repo.EntryRow[];
  standing: Map<string, Standing>;
}

const toLine = (r: repo.EntryRow) => ({
  id: r.id,
  state: r.state,
  urgent: r.urgent,
  rank: r.rank,
  calledAt: r.called_at,
  arrivedAt: r.arrived_at,
});

export function todayOf(now: Date, timeZone: string): string {
  return localTimeOf(now, timeZone).day;
}

/** The consultations the estimates learn from (the last 60 days). */
export function recentDurations(tx: ClinicTx): Promise<Duration[]> {
  return repo.durationsSince(tx, new Date(tx.now.getTime() - ESTIMATE_WINDOW_DAYS * 86_400_000));
}

const bookedMinutes = (r: repo.EntryRow) =>
  Math.round((r.ends_at.getTime() - r.starts_at.getTime()) / 60_000);

/** Positions and estimates of every line of the day (estimates only for today's lines). */
export function standingsOf(
  rows: readonly repo.EntryRow[],
  history: readonly Duration[],
  now: Date,
  isToday: boolean,
): Map<string, Standing> {
  const out = new Map<string, Standing>();
  const byDoctor = new Map<string, repo.EntryRow[]>();
  for (const r of rows) byDoctor.set(r.doctor_id, [...(byDoctor.get(r.doctor_id) ?? []), r]);
  for (const list of byDoctor.values()) {
    const line = lineOf(list.map(toLine));
    const minutes = (r: repo.EntryRow) =>
      estimateMinutes(history, r.doctor_id, r.service_id, bookedMinutes(r));
    const current = list
      .filter((r) => r.state === 'in_consultation' && r.started_at)
      .sort((a, b) => (b.started_at?.getTime() ?? 0) - (a.started_at?.getTime() ?? 0))[0];
    const byId = new Map(list.map((r) => [r.id, r]));
    const starts = isToday
      ? estimateStarts(
          now,
          current?.started_at ? { startedAt: current.started_at, minutes: minutes(current) } : null,
          line.map((e) => ({ id: e.id, minutes: minutes(byId.get(e.id) as repo.EntryRow) })),
        )
      : new Map<string, Date>();
    for (const [i, e] of line.entries()) {
      out.set(e.id, { position: i + 1, peopleAhead: i, estimatedStartAt: starts.get(e.id) ?? null });
    }
  }
  for (const r of rows)
    if (!out.has(r.id)) out.set(r.id, { position: null, peopleAhead: null, estimatedStartAt: null });
  return out;
}

/** The day's entries (of one doctor, or all) with their standing. */
export async function dayView(tx: ClinicTx, day: string, today: string, doctorId?: string): Promise<DayView> {
  const rows = await repo.entriesOfDay(tx, day, doctorId);
  const history = rows.some((r) => IN_LINE.includes(r.state)) ? await recentDurations(tx) : [];
  return { day, rows, standing: standingsOf(rows, history, tx.now, day === today) };
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function toEntry(r: repo.EntryRow, s: Standing | undefined): QueueEntry {
  const arrival = arrivalOf(r.arrived_at, r.starts_at, r.source);
  return {
    id: r.id,
    ticket: r.ticket,
    appointmentId: r.appointment_id,
    doctorId: r.doctor_id,
    doctorName: r.doctor_name,
    patientId: r.patient_id,
    patientName: r.patient_name,
    patientPhone: r.patient_phone,
    serviceName: r.service_name,
    state: r.state,
    urgent: r.urgent,
    position: s?.position ?? null,
    peopleAhead: s?.peopleAhead ?? null,
    arrivedAt: r.arrived_at.toISOString(),
    calledAt: iso(r.called_at),
    startedAt: iso(r.started_at),
    finishedAt: iso(r.finished_at),
    checkedOutAt: iso(r.checked_out_at),
    leftAt: iso(r.left_at),
    startsAt: r.starts_at.toISOString(),
    arrival: arrival.arrival,
    arrivalMinutes: arrival.minutes,
    estimatedStartAt: IN_LINE.includes(r.state) ? iso(s?.estimatedStartAt ?? null) : null,
    source: r.source,
  };
}

/** One entry as the API shows it, with its standing in today's line. */
export async function entryView(tx: ClinicTx, id: string, today: string): Promise<QueueEntry | undefined> {
  const row = await repo.findEntry(tx, id);
  if (!row) return undefined;
  const view = await dayView(tx, row.day, today, row.doctor_id);
  return toEntry(row, view.standing.get(row.id));
}
