import { expect } from 'vitest';
import { ownerDb, type TestApp } from '../../test/harness.ts';
import type { Booking } from '../scheduling/test-fixture.ts';

/** Test helpers of the notices module (imported by its int tests only). */

/** The outbox rows linked to an appointment, oldest first, with their text. */
export async function messagesOf(t: TestApp, appointmentId: string) {
  return ownerDb(t.db)
    .selectFrom('appointment_messages as m')
    .innerJoin('outbox as o', 'o.id', 'm.outbox_id')
    .select(['m.kind', 'm.channel', 'o.id', 'o.recipient', 'o.body', 'o.subject', 'm.fallback_of'])
    .where('m.appointment_id', '=', appointmentId)
    .orderBy('m.created_at')
    .orderBy('o.id')
    .execute();
}

/** The self-service path (/c/{slug}/visit/{token}) a message carries. */
export function linkIn(body: string): string {
  const m = /(\/c\/[a-z0-9-]+\/visit\/[A-Za-z0-9_-]{43})/.exec(body);
  expect(m, `no link in: ${body}`).toBeTruthy();
  return m?.[1] ?? '';
}

/**
 * Runs queued jobs until none is due. A commit's jobs start on their own in the background
 * (a reaction queues more as it runs), so this waits for those too.
 */
export async function settle(t: TestApp, clinicId: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    await t.jobs.runDue();
    const due = await t.db.owner
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('clinic_id', '=', clinicId)
      .where('status', '=', 'pending')
      // Due now, or claimed and still running (its lease moved run_at ahead).
      .where((eb) => eb.or([eb('run_at', '<=', t.clock.now()), eb('lease_owner', 'is not', null)]))
      .executeTakeFirstOrThrow();
    if (Number(due.n) === 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('jobs did not settle');
}

export async function reminderJobs(t: TestApp, clinicId: string) {
  return t.db.owner
    .selectFrom('jobs')
    .selectAll()
    .where('clinic_id', '=', clinicId)
    .where('name', '=', 'notices.reminder')
    .orderBy('run_at')
    .execute();
}

/** A form post from the page itself (same origin). */
export function postForm(
  t: TestApp,
  url: string,
  form: Record<string, string> = {},
  origin = 'http://localhost:3000',
) {
  return t.app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin, host: 'localhost:3000' },
    payload: new URLSearchParams(form).toString(),
  });
}

export type { Booking };
