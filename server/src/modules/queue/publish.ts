import type { ClinicTx } from '../../platform/db/tenancy.ts';
import type { OutboxSignal } from '../../platform/notify/message.ts';
import { ticketTokenOf, ticketUrlOf } from './codes.ts';
import { IN_LINE } from './core.ts';
import { sendYoureNext } from './messages.ts';
import * as repo from './repo.ts';
import { type DayView, dayView, type Standing } from './view.ts';

/** What a queue change needs besides its transaction. */
export interface QueueDeps {
  outbox: OutboxSignal;
  settings: { appSecret: string; publicUrl: string };
}

/** The day being changed: its date, the clinic's today and what the doctor's line looked like before. */
export interface Change {
  day: string;
  today: string;
  doctorId: string;
  before: DayView;
  clinic: repo.ClinicFacts;
}

/** Locks the day and reads the doctor's line as it stands before a change. */
export async function beginChange(
  tx: ClinicTx,
  clinic: repo.ClinicFacts,
  day: string,
  today: string,
  doctorId: string,
): Promise<Change> {
  await repo.lockDay(tx, day);
  return { day, today, doctorId, clinic, before: await dayView(tx, day, today, doctorId) };
}

const same = (a: Standing | undefined, b: Standing | undefined) =>
  a?.position === b?.position && a?.estimatedStartAt?.getTime() === b?.estimatedStartAt?.getTime();

/**
 * After a change of `entryId`: the live events (the staff's topics, the TV's — tickets and doctor
 * names only — and each ticket whose position or estimate moved) and the "you're next" SMS, once.
 * Answers the doctor's line as it is now.
 */
export async function publishChange(
  tx: ClinicTx,
  deps: QueueDeps,
  change: Change,
  entryId: string,
): Promise<DayView> {
  const after = await dayView(tx, change.day, change.today, change.doctorId);
  const row = after.rows.find((r) => r.id === entryId);
  if (!row) return after;
  const data = { entryId, doctorId: row.doctor_id, state: row.state };
  await tx.emitLive('queue', 'queue.changed', data);
  await tx.emitLive(`queue/doctor/${row.doctor_id}`, 'queue.changed', data);
  await tx.emitLive('queue/display', 'queue.changed', {
    ticket: row.ticket,
    state: row.state,
    doctorName: row.doctor_name,
  });
  for (const r of after.rows) {
    const now = after.standing.get(r.id);
    const was = change.before.standing.get(r.id);
    const moved = r.id === entryId || (IN_LINE.includes(r.state) && !same(now, was));
    if (!moved) continue;
    await tx.emitLive(`queue/ticket/${r.id}`, 'queue.ticket', {
      state: r.state,
      position: now?.position ?? null,
      estimatedStartAt: IN_LINE.includes(r.state) ? (now?.estimatedStartAt?.toISOString() ?? null) : null,
    });
  }
  for (const r of after.rows) {
    const s = after.standing.get(r.id);
    if (r.state !== 'waiting' || r.next_sms_sent_at || (s?.peopleAhead ?? 99) > 1) continue;
    await repo.updateEntry(tx, r.id, { next_sms_sent_at: tx.now });
    if (r.patient_phone) {
      const url = ticketUrlOf(
        deps.settings.publicUrl,
        ticketTokenOf(deps.settings.appSecret, tx.clinicId, r.id),
      );
      await sendYoureNext(tx, deps.outbox, r.patient_phone, {
        clinic: change.clinic,
        doctor: r.doctor_name,
        url,
      });
    }
  }
  return after;
}
