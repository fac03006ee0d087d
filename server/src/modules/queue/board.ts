import { withClinic } from '../../platform/db/tenancy.ts';
import { forbidden } from '../../platform/http/errors.ts';
import { clinicOf, type Deps, lineView } from './actions.ts';
import { actsForAll, type Caller } from './caller.ts';
import { dayBounds, todaysJoinable } from './check-in.ts';
import { checkInCodeOf, deskCodeOf, ticketTokenOf, ticketUrlOf } from './codes.ts';
import { accuracyOf, FINISHED } from './core.ts';
import * as repo from './repo.ts';
import type { Board } from './schema.ts';
import { dayView, todayOf, toEntry } from './view.ts';

/** What the desk, the doctors, the owner and the patient read: the board, estimates, my queue. */

/** Minutes of waiting after which the board colours an entry. */
export const WAIT_WARN_MINUTES = 20;

/** The doctor a caller may see: a doctor without a desk role sees only their own column. */
function boardDoctor(c: Caller, asked: string | undefined): string | undefined {
  if (actsForAll(c)) return asked;
  if (asked && asked !== c.userId) throw forbidden('Doctors see only their own queue');
  return c.userId;
}

export function board(
  deps: Deps,
  clinicId: string,
  caller: Caller,
  query: { date?: string | undefined; doctorId?: string | undefined },
): Promise<Board> {
  return withClinic(deps.db, clinicId, caller.actor, async (tx) => {
    const clinic = await clinicOf(tx);
    const today = todayOf(tx.now, clinic.timeZone);
    const day = query.date ?? today;
    const only = boardDoctor(caller, query.doctorId);
    const view = await dayView(tx, day, today, only);
    const doctors = (await repo.doctorsOf(tx)).filter((d) => !only || d.id === only);
    const { from, to } = dayBounds(day, clinic.timeZone);
    const queued = new Set(view.rows.map((r) => r.appointment_id));
    const notArrived = (
      await repo.appointmentsBetween(tx, from, to, { statuses: ['confirmed'], doctorId: only })
    ).filter((a) => !queued.has(a.id));
    return {
      date: day,
      timeZone: clinic.timeZone,
      waitWarnMinutes: WAIT_WARN_MINUTES,
      checkInCode: deskCodeOf(deps.settings.appSecret, tx.clinicId, today),
      doctors: doctors.map((d) => {
        const mine = { ...view, rows: view.rows.filter((r) => r.doctor_id === d.id) };
        const current = mine.rows
          .filter((r) => r.state === 'in_consultation')
          .sort((a, b) => (b.started_at?.getTime() ?? 0) - (a.started_at?.getTime() ?? 0))[0];
        return {
          doctorId: d.id,
          name: d.name,
          current: current ? toEntry(current, view.standing.get(current.id)) : null,
          waiting: lineView(mine),
          finished: mine.rows
            .filter((r) => FINISHED.includes(r.state))
            .map((r) => toEntry(r, view.standing.get(r.id))),
        };
      }),
      notArrived: notArrived.map((a) => ({
        appointmentId: a.id,
        patientId: a.patient_id,
        patientName: a.patient_name,
        patientPhone: a.patient_phone,
        doctorId: a.doctor_id,
        doctorName: a.doctor_name,
        serviceName: a.service_name,
        startsAt: a.starts_at.toISOString(),
        late: a.starts_at < tx.now,
      })),
    };
  });
}

/** Days of past estimates the owner's accuracy view covers. */
export const ACCURACY_WINDOW_DAYS = 30;

/** How good the estimates were: each entry's first estimate against when it really started. */
export function estimates(deps: Deps, clinicId: string, caller: Caller) {
  return withClinic(deps.db, clinicId, caller.actor, async (tx) => {
    const since = new Date(tx.now.getTime() - ACCURACY_WINDOW_DAYS * 86_400_000);
    const rows = await repo.estimatedSince(tx, since);
    const samples = rows.flatMap((r) =>
      r.first_estimate_at && r.started_at
        ? [
            {
              ...r,
              errorMinutes: Math.round((r.started_at.getTime() - r.first_estimate_at.getTime()) / 6_000) / 10,
            },
          ]
        : [],
    );
    const doctors = await repo.doctorsOf(tx);
    return {
      windowDays: ACCURACY_WINDOW_DAYS,
      doctors: doctors.map((d) => ({
        doctorId: d.id,
        name: d.name,
        ...accuracyOf(samples.filter((s) => s.doctor_id === d.id)),
      })),
      recent: samples.slice(0, 20).map((s) => ({
        entryId: s.id,
        ticket: s.ticket,
        doctorName: s.doctor_name,
        estimatedStartAt: (s.first_estimate_at as Date).toISOString(),
        startedAt: (s.started_at as Date).toISOString(),
        errorMinutes: s.errorMinutes,
      })),
    };
  });
}

/** The caller's own tickets today and the appointments they may check in for (empty without a record). */
export function myQueue(deps: Deps, clinicId: string, caller: Caller) {
  return withClinic(deps.db, clinicId, caller.actor, async (tx) => {
    const clinic = await clinicOf(tx);
    const patientId = await repo.patientIdOfUser(tx, caller.userId);
    if (!patientId) return { tickets: [], canCheckIn: [] };
    const today = todayOf(tx.now, clinic.timeZone);
    const mine = await repo.entriesOfPatient(tx, patientId, today);
    const tickets = [];
    for (const r of mine) {
      const view = await dayView(tx, today, today, r.doctor_id);
      const e = toEntry(r, view.standing.get(r.id));
      tickets.push({
        entryId: r.id,
        ticket: r.ticket,
        state: r.state,
        position: e.position,
        estimatedStartAt: e.estimatedStartAt,
        ticketUrl: ticketUrlOf(
          deps.settings.publicUrl,
          ticketTokenOf(deps.settings.appSecret, tx.clinicId, r.id),
        ),
      });
    }
    const joined = new Set(mine.map((r) => r.appointment_id));
    const canCheckIn = (await todaysJoinable(tx, clinic, { patientId }))
      .filter((a) => a.status === 'confirmed' && !joined.has(a.id))
      .map((a) => ({
        appointmentId: a.id,
        startsAt: a.starts_at.toISOString(),
        doctorName: a.doctor_name,
        checkInCode: checkInCodeOf(deps.settings.appSecret, tx.clinicId, a.id),
      }));
    return { tickets, canCheckIn };
  });
}
