import { DAY_MS, HOUR_MS } from '@cliniclick/time';
import type { Actor } from '../../platform/db/database.ts';
import { type ClinicTx, withClinic } from '../../platform/db/tenancy.ts';
import type { AppDeps } from '../../platform/deps.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { buildCalendar, cancelForPatient, findSlots, rescheduleForPatient } from '../scheduling/index.ts';
import * as repo from './repo.ts';
import { hashVisitToken, isTokenShaped } from './tokens.ts';

/**
 * What a patient may do with their own appointment, by a self-service link or signed in.
 * Changes are audited with the patient (their user) as the actor, whichever way they came.
 */

/** Until the booking settings land for every clinic: changes online up to 24 h before the visit. */
export const DEFAULT_CANCEL_WINDOW_HOURS = 24;

export const tooLate = () =>
  new AppError(
    409,
    'outside_change_window',
    'It is too late to change this visit online; please call the clinic',
  );

/** What may still be done online at `now`. */
/** The clinic's change window (its online booking settings), in hours before the visit. */
export function windowHoursOf(f: repo.AppointmentFacts): number {
  return f.cancellation_window_hours ?? DEFAULT_CANCEL_WINDOW_HOURS;
}

export function changeable(f: repo.AppointmentFacts, now: Date, windowHours = windowHoursOf(f)) {
  // 'requested' arrives with the booking slice's status; compared as text until then.
  const status: string = f.status;
  const active = status === 'confirmed' || status === 'requested';
  const inWindow = new Date(f.starts_at).getTime() - now.getTime() >= windowHours * HOUR_MS;
  return {
    active,
    inWindow,
    canChange: active && inWindow,
    canConfirm: f.status === 'confirmed' && new Date(f.starts_at) > now && f.attendance_confirmed_at === null,
  };
}

/** The appointment a live link opens in `clinicId`, or undefined (unknown, forged, expired, revoked). */
export async function factsByToken(tx: ClinicTx, token: string): Promise<repo.AppointmentFacts | undefined> {
  if (!isTokenShaped(token)) return undefined;
  const link = await repo.liveLink(tx, hashVisitToken(token));
  return link ? repo.appointmentFacts(tx, link.appointment_id) : undefined;
}

/** A patient's own appointment (signed in): someone else's is not found. */
export async function ownFacts(
  tx: ClinicTx,
  userId: string,
  appointmentId: string,
): Promise<repo.AppointmentFacts> {
  const f = await repo.appointmentFacts(tx, appointmentId);
  if (!f || f.patient_user_id !== userId) throw notFound('Appointment');
  return f;
}

export type Finder = (tx: ClinicTx) => Promise<repo.AppointmentFacts | undefined>;

const patientActor = (f: repo.AppointmentFacts, base: Actor): Actor => ({
  ...base,
  kind: 'user',
  userId: f.patient_user_id,
});

async function locate(deps: AppDeps, clinicId: string, actor: Actor, find: Finder) {
  const f = await withClinic(deps.db, clinicId, actor, find);
  if (!f) throw notFound('Appointment');
  return f;
}

export async function cancelByPatient(
  deps: AppDeps,
  clinicId: string,
  actor: Actor,
  find: Finder,
  reason: string | undefined,
): Promise<void> {
  const f = await locate(deps, clinicId, actor, find);
  if (!changeable(f, deps.clock.now()).inWindow) throw tooLate();
  await cancelForPatient(
    deps,
    clinicId,
    patientActor(f, actor),
    f.id,
    reason?.trim() || 'Cancelled by the patient',
  );
  await withClinic(deps.db, clinicId, patientActor(f, actor), (tx) =>
    repo.markAnswered(tx, f.id, 'cancelled'),
  );
}

export async function rescheduleByPatient(
  deps: AppDeps,
  clinicId: string,
  actor: Actor,
  find: Finder,
  startsAt: string,
): Promise<void> {
  const f = await locate(deps, clinicId, actor, find);
  if (!changeable(f, deps.clock.now()).inWindow) throw tooLate();
  // The new time must be outside the window too, or a patient could move into "too late to cancel".
  if (new Date(startsAt).getTime() - deps.clock.now().getTime() < windowHoursOf(f) * HOUR_MS) throw tooLate();
  await rescheduleForPatient(deps, clinicId, patientActor(f, actor), f.id, startsAt);
}

/** "I will come": recorded on the appointment (not a state), audited, shown to staff. */
export async function confirmAttendance(
  deps: AppDeps,
  clinicId: string,
  actor: Actor,
  find: Finder,
): Promise<void> {
  const f = await locate(deps, clinicId, actor, find);
  if (!changeable(f, deps.clock.now()).canConfirm) {
    if (f.attendance_confirmed_at) return; // answered twice: the first answer stands
    throw new AppError(409, 'not_confirmable', 'This visit can no longer be confirmed');
  }
  await withClinic(deps.db, clinicId, patientActor(f, actor), async (tx) => {
    await repo.ensureNotice(tx, f.id, f.lang ?? 'en');
    if (!(await repo.setAttendanceConfirmed(tx, f.id))) return;
    await repo.markAnswered(tx, f.id, 'confirmed');
    await tx.audit({
      action: 'appointment.attendance_confirmed',
      entityType: 'appointment',
      entityId: f.id,
      data: {},
    });
  });
}

/** The local days a visit may move to: from the end of the change window, two weeks. */
export function moveDays(f: repo.AppointmentFacts, now: Date): string[] {
  const from = new Date(now.getTime() + windowHoursOf(f) * HOUR_MS);
  const day = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: f.time_zone }).format(d);
  return Array.from({ length: 14 }, (_, i) => day(new Date(from.getTime() + i * DAY_MS)));
}

/**
 * Free times to move to: the same doctor and service, on `days` (local dates, at most 14),
 * none inside the change window.
 */
export async function moveOptions(
  deps: AppDeps,
  clinicId: string,
  actor: Actor,
  f: repo.AppointmentFacts,
  days: readonly string[] = moveDays(f, deps.clock.now()),
) {
  const earliest = new Date(deps.clock.now().getTime() + windowHoursOf(f) * HOUR_MS);
  const sorted = [...days].sort();
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (!first || !last) return [];
  const result = await findSlots(deps.db, clinicId, { actor, userId: '', roles: [] }, f.service_id, {
    doctorId: f.doctor_id,
    from: first,
    to: last,
    order: 'time',
    excludeAppointmentId: f.id,
  });
  return result.slots.filter(
    (s) => new Date(s.start) >= earliest && s.start !== new Date(f.starts_at).toISOString(),
  );
}

/** The visit as an iCalendar file (one event, times in UTC; calendars show them in the reader's zone). */
export function visitIcs(f: repo.AppointmentFacts, now: Date): string {
  return buildCalendar({
    name: f.clinic_name,
    now,
    events: [
      {
        uid: `${f.id}@cliniclick`,
        start: new Date(f.starts_at),
        end: new Date(f.ends_at),
        summary: `${f.service_name} — ${f.clinic_name}`,
        description: f.doctor_name,
        status: f.status === 'cancelled' ? 'CANCELLED' : f.status === 'confirmed' ? 'CONFIRMED' : 'TENTATIVE',
        updatedAt: new Date(f.updated_at),
        sequence: 0,
      },
    ],
  });
}
