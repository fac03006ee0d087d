import type { Database } from '../../platform/db/database.ts';
import { type ClinicTx, withClinic } from '../../platform/db/tenancy.ts';
import { AppError, forbidden, notFound } from '../../platform/http/errors.ts';
import { changeAppointmentIn } from '../scheduling/index.ts';
import { actsForAll, type Caller } from './caller.ts';
import { type EntryState, lineOf, movedOrder, nextState, type QueueAction, waitingOrder } from './core.ts';
import { beginChange, type Change, publishChange, type QueueDeps } from './publish.ts';
import * as repo from './repo.ts';
import type { QueueEntry } from './schema.ts';
import { type DayView, todayOf, toEntry } from './view.ts';

/** Staff's actions on the queue: call, start, finish, check out, left, back to waiting, move, urgent. */

export type Deps = QueueDeps & { db: Database };

/** The appointment's cancel reason when a patient leaves the queue (scheduling keeps it). */
export const LEFT_REASON = 'Left without being seen';

/** A doctor (without a desk role) acts only in their own queue. */
export function requireOwnQueue(c: Caller, doctorId: string): void {
  if (!actsForAll(c) && c.userId !== doctorId) throw forbidden('Doctors act only in their own queue');
}

export const invalidTransition = (state: EntryState, action: string) =>
  new AppError(
    409,
    'invalid_transition',
    `This patient is ${state.replace('_', ' ')}: cannot ${action} now`,
    {
      state,
    },
  );

export async function clinicOf(tx: ClinicTx): Promise<repo.ClinicFacts> {
  const clinic = await repo.clinicFactsOf(tx);
  if (!clinic) throw notFound('Clinic');
  return clinic;
}

/** The row of `id` in the locked day's view (fresh: read after the lock). */
function rowIn(view: DayView, id: string): repo.EntryRow {
  const row = view.rows.find((r) => r.id === id);
  if (!row) throw notFound('Queue entry');
  return row;
}

/**
 * Moves an entry to `to` and the appointment with it (same transaction), audits and publishes.
 * `appointment: false` when the appointment moved first (the calendar did it; this is the echo).
 */
export async function moveEntry(
  tx: ClinicTx,
  deps: QueueDeps,
  change: Change,
  row: repo.EntryRow,
  to: EntryState,
  opts: { action: string; appointment: boolean; reason?: string | undefined; via?: string },
): Promise<DayView> {
  const now = tx.now;
  const patch: Parameters<typeof repo.updateEntry>[2] = { state: to };
  if (to === 'called') patch.called_at = now;
  if (to === 'waiting') {
    patch.called_at = null;
    // Back to waiting goes to the front: it was their turn.
    patch.rank = await repo.edgeRank(tx, change.day, row.doctor_id, true);
  }
  if (to === 'in_consultation') patch.started_at = now;
  if (to === 'done') {
    patch.finished_at = now;
    if (!row.started_at) patch.started_at = now;
  }
  if (to === 'checked_out') patch.checked_out_at = now;
  if (to === 'left') patch.left_at = now;
  if (opts.appointment) {
    const a = row.appointment_status;
    if (to === 'in_consultation' && a !== 'in_progress')
      await changeAppointmentIn(tx, row.appointment_id, { name: 'start' });
    if (to === 'done' && a !== 'completed')
      await changeAppointmentIn(tx, row.appointment_id, { name: 'complete' });
    if (to === 'left' && a !== 'cancelled')
      await changeAppointmentIn(tx, row.appointment_id, { name: 'cancel', reason: LEFT_REASON });
  }
  await repo.updateEntry(tx, row.id, patch);
  await tx.audit({
    action: `queue.${opts.action}`,
    entityType: 'queue_entry',
    entityId: row.id,
    data: {
      from: row.state,
      to,
      ticket: row.ticket,
      appointmentId: row.appointment_id,
      ...(opts.reason ? { reason: opts.reason } : {}),
      ...(opts.via ? { via: opts.via } : {}),
    },
  });
  return publishChange(tx, deps, change, row.id);
}

const CONSULT: readonly QueueAction[] = ['call', 'return', 'start', 'finish'];

/** One of the entry actions (call, return, start, finish, check-out, left). */
export function act(
  deps: Deps,
  clinicId: string,
  caller: Caller,
  entryId: string,
  action: QueueAction,
  reason?: string,
): Promise<QueueEntry> {
  return withClinic(deps.db, clinicId, caller.actor, async (tx) => {
    const clinic = await clinicOf(tx);
    const found = await repo.findEntry(tx, entryId);
    if (!found) throw notFound('Queue entry');
    if (CONSULT.includes(action)) requireOwnQueue(caller, found.doctor_id);
    const change = await beginChange(
      tx,
      clinic,
      found.day,
      todayOf(tx.now, clinic.timeZone),
      found.doctor_id,
    );
    const row = rowIn(change.before, entryId);
    const to = nextState(row.state, action);
    if (!to) throw invalidTransition(row.state, action);
    if (to === 'called') {
      const other = change.before.rows.find((r) => r.state === 'called');
      if (other)
        throw new AppError(
          409,
          'already_called',
          `Ticket ${other.ticket} is called already: start it or send it back first`,
          {
            entryId: other.id,
          },
        );
    }
    const after = await moveEntry(tx, deps, change, row, to, { action, appointment: true, reason });
    return toEntry(rowIn(after, entryId), after.standing.get(entryId));
  });
}

/** Calls the doctor's next patient; pressed again while one is called (not started), answers that one. */
export function callNext(
  deps: Deps,
  clinicId: string,
  caller: Caller,
  doctorId: string,
): Promise<QueueEntry> {
  return withClinic(deps.db, clinicId, caller.actor, async (tx) => {
    const clinic = await clinicOf(tx);
    if (!(await repo.doctorsOf(tx)).some((d) => d.id === doctorId)) throw notFound('Doctor');
    requireOwnQueue(caller, doctorId);
    const today = todayOf(tx.now, clinic.timeZone);
    const change = await beginChange(tx, clinic, today, today, doctorId);
    const called = change.before.rows.find((r) => r.state === 'called');
    if (called) return toEntry(called, change.before.standing.get(called.id));
    const [next] = waitingOrder(change.before.rows.map((r) => ({ ...r, ...lineFields(r) })));
    if (!next) throw new AppError(409, 'queue_empty', 'Nobody is waiting for this doctor');
    const row = rowIn(change.before, next.id);
    const after = await moveEntry(tx, deps, change, row, 'called', { action: 'call', appointment: true });
    return toEntry(rowIn(after, row.id), after.standing.get(row.id));
  });
}

const lineFields = (r: repo.EntryRow) => ({ calledAt: r.called_at, arrivedAt: r.arrived_at });

/**
 * Moves a waiting entry to a position of the doctor's line (the same 1-based numbers as
 * QueueEntry.position: called entries first). The waiting entries are renumbered 1…n under the
 * day's lock, so two moves at once end in one order.
 */
export function moveTo(
  deps: Deps,
  clinicId: string,
  caller: Caller,
  entryId: string,
  input: { position: number; reason: string },
): Promise<{ doctorId: string; waiting: QueueEntry[] }> {
  return withClinic(deps.db, clinicId, caller.actor, async (tx) => {
    const clinic = await clinicOf(tx);
    const found = await repo.findEntry(tx, entryId);
    if (!found) throw notFound('Queue entry');
    const change = await beginChange(
      tx,
      clinic,
      found.day,
      todayOf(tx.now, clinic.timeZone),
      found.doctor_id,
    );
    const row = rowIn(change.before, entryId);
    if (row.state !== 'waiting') throw invalidTransition(row.state, 'move');
    const withLine = change.before.rows.map((r) => ({ ...r, ...lineFields(r) }));
    const from = change.before.standing.get(row.id)?.position ?? null;
    const calledCount = withLine.filter((r) => r.state === 'called').length;
    const order = movedOrder(
      waitingOrder(withLine).map((r) => r.id),
      row.id,
      input.position - calledCount,
    );
    await repo.setRanks(tx, order);
    await tx.audit({
      action: 'queue.moved',
      entityType: 'queue_entry',
      entityId: row.id,
      data: { ticket: row.ticket, from, to: input.position, reason: input.reason },
    });
    const after = await publishChange(tx, deps, change, row.id);
    return { doctorId: row.doctor_id, waiting: lineView(after) };
  });
}

/** Marks an entry urgent (first in the line) or not, with a reason. */
export function setUrgent(
  deps: Deps,
  clinicId: string,
  caller: Caller,
  entryId: string,
  input: { urgent: boolean; reason: string },
): Promise<QueueEntry> {
  return withClinic(deps.db, clinicId, caller.actor, async (tx) => {
    const clinic = await clinicOf(tx);
    const found = await repo.findEntry(tx, entryId);
    if (!found) throw notFound('Queue entry');
    const change = await beginChange(
      tx,
      clinic,
      found.day,
      todayOf(tx.now, clinic.timeZone),
      found.doctor_id,
    );
    const row = rowIn(change.before, entryId);
    if (row.state !== 'waiting' && row.state !== 'called') throw invalidTransition(row.state, 'mark urgent');
    await repo.updateEntry(tx, row.id, { urgent: input.urgent });
    await tx.audit({
      action: input.urgent ? 'queue.marked_urgent' : 'queue.unmarked_urgent',
      entityType: 'queue_entry',
      entityId: row.id,
      data: { ticket: row.ticket, reason: input.reason },
    });
    const after = await publishChange(tx, deps, change, row.id);
    return toEntry(rowIn(after, entryId), after.standing.get(entryId));
  });
}

/** The doctor's line (called, then waiting) as the API shows it. */
export function lineView(view: DayView): QueueEntry[] {
  const rows = new Map(view.rows.map((r) => [r.id, r]));
  return lineOf(view.rows.map((r) => ({ ...r, ...lineFields(r) }))).map((e) =>
    toEntry(rows.get(e.id) as repo.EntryRow, view.standing.get(e.id)),
  );
}
