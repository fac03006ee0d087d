import { systemActor } from '../../platform/db/database.ts';
import { withClinic } from '../../platform/db/tenancy.ts';
import type { DomainEvent } from '../../platform/events/bus.ts';
import { clinicOf, type Deps, moveEntry } from './actions.ts';
import { dayBounds, joinQueue } from './check-in.ts';
import type { EntryState } from './core.ts';
import { beginChange } from './publish.ts';
import * as repo from './repo.ts';
import { todayOf } from './view.ts';

/**
 * The calendar's changes reach the queue: a reaction to scheduling's appointment events (once per
 * event, durable). It brings the entry to the state the appointment is in NOW, so events read late,
 * twice or out of order all end the same, and the echo of a queue action (which moved the
 * appointment itself) finds nothing to do.
 */
export const APPOINTMENT_EVENTS = [
  'appointment.checked_in',
  'appointment.in_progress',
  'appointment.completed',
  'appointment.cancelled',
] as const;

/** The entry state an appointment status means, for entries that are behind it. */
function targetOf(status: string, state: EntryState): EntryState | null {
  const inLine = state === 'waiting' || state === 'called';
  if (status === 'in_progress' && inLine) return 'in_consultation';
  if (status === 'completed' && (inLine || state === 'in_consultation')) return 'done';
  if ((status === 'cancelled' || status === 'no_show') && inLine) return 'left';
  return null;
}

export function syncFromCalendar(deps: Deps, event: DomainEvent): Promise<void> {
  const data = (event.data ?? {}) as Record<string, unknown>;
  const appointmentId = typeof data.appointmentId === 'string' ? data.appointmentId : undefined;
  if (!event.clinicId || !appointmentId) return Promise.resolve();
  return withClinic(deps.db, event.clinicId, systemActor, async (tx) => {
    const clinic = await clinicOf(tx);
    const appointment = await repo.findAppointment(tx, appointmentId);
    if (appointment?.mode !== 'in_person') return;
    const today = todayOf(tx.now, clinic.timeZone);
    let entry = await repo.entryOfAppointment(tx, appointmentId);
    if (!entry) {
      // Checked in (or started) on the calendar: the patient is here today; join them.
      const { from, to } = dayBounds(today, clinic.timeZone);
      const isToday = appointment.starts_at >= from && appointment.starts_at < to;
      if (!isToday || (appointment.status !== 'checked_in' && appointment.status !== 'in_progress')) return;
      entry = await joinQueue(tx, deps, clinic, appointment, 'calendar');
    }
    const current = await repo.findEntry(tx, entry.id);
    if (!current) return;
    const to = targetOf(current.appointment_status, current.state);
    if (!to) return;
    const change = await beginChange(tx, clinic, current.day, today, current.doctor_id);
    const row = change.before.rows.find((r) => r.id === current.id);
    if (!row || targetOf(row.appointment_status, row.state) !== to) return;
    await moveEntry(tx, deps, change, row, to, {
      action: to === 'in_consultation' ? 'start' : to === 'done' ? 'finish' : 'left',
      appointment: false,
      via: 'calendar',
    });
  });
}
