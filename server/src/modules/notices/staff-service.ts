import { createHmac } from 'node:crypto';
import { DAY_MS } from '@cliniclick/time';
import type { z } from 'zod';
import type { Actor } from '../../platform/db/database.ts';
import { withClinic, withGlobal } from '../../platform/db/tenancy.ts';
import type { AppDeps, AppSettings } from '../../platform/deps.ts';
import { badRequest, notFound } from '../../platform/http/errors.ts';
import * as repo from './repo.ts';
import type { callItemSchema, messageSchema, noticeStateSchema } from './schema.ts';

type Message = z.infer<typeof messageSchema>;
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

function statusOf(m: Awaited<ReturnType<typeof repo.listMessages>>[number]): Message['status'] {
  if (m.answered_at) return 'answered';
  if (m.failed_at || m.reported_failed_at) return 'failed';
  if (m.delivered_at) return 'delivered';
  if (m.sent_at) return 'sent';
  return 'queued';
}

/** An appointment's message history and flags, for staff. Another clinic's appointment: 404. */
export function noticeState(
  deps: AppDeps,
  clinicId: string,
  actor: Actor,
  appointmentId: string,
): Promise<z.infer<typeof noticeStateSchema>> {
  return withClinic(deps.db, clinicId, actor, async (tx) => {
    const f = await repo.appointmentFacts(tx, appointmentId);
    if (!f) throw notFound('Appointment');
    const rows = await repo.listMessages(tx, appointmentId);
    return {
      attendanceConfirmedAt: iso(f.attendance_confirmed_at),
      callPatientSince: f.call_patient_cleared_at ? null : iso(f.call_patient_at),
      messages: rows.map((m) => ({
        id: m.outbox_id,
        kind: m.kind,
        channel: m.channel,
        to: m.recipient,
        status: statusOf(m),
        queuedAt: new Date(m.created_at).toISOString(),
        sentAt: iso(m.sent_at),
        deliveredAt: iso(m.delivered_at),
        failedAt: iso(m.failed_at ?? m.reported_failed_at),
        error: m.last_error,
        answer: m.answer,
        answeredAt: iso(m.answered_at),
        fallbackOf: m.fallback_of,
      })),
    };
  });
}

export function clearCallFlag(
  deps: AppDeps,
  clinicId: string,
  actor: Actor,
  appointmentId: string,
): Promise<void> {
  return withClinic(deps.db, clinicId, actor, async (tx) => {
    if (!(await repo.appointmentFacts(tx, appointmentId))) throw notFound('Appointment');
    if (await repo.clearCall(tx, appointmentId, actor.userId)) {
      await tx.audit({
        action: 'appointment.call_patient_cleared',
        entityType: 'appointment',
        entityId: appointmentId,
        data: {},
      });
    }
  });
}

export function revokeVisitLinks(
  deps: AppDeps,
  clinicId: string,
  actor: Actor,
  appointmentId: string,
): Promise<number> {
  return withClinic(deps.db, clinicId, actor, async (tx) => {
    if (!(await repo.appointmentFacts(tx, appointmentId))) throw notFound('Appointment');
    const n = await repo.revokeLinks(tx, appointmentId, actor.userId);
    if (n > 0) {
      await tx.audit({
        action: 'appointment.links_revoked',
        entityType: 'appointment',
        entityId: appointmentId,
        data: { count: n },
      });
    }
    return n;
  });
}

export function callList(
  deps: AppDeps,
  clinicId: string,
  actor: Actor,
  q: { from?: string | undefined; to?: string | undefined },
): Promise<{ items: z.infer<typeof callItemSchema>[] }> {
  const from = q.from ? new Date(q.from) : deps.clock.now();
  const to = q.to ? new Date(q.to) : new Date(from.getTime() + 7 * DAY_MS);
  if (to <= from || to.getTime() - from.getTime() > 31 * DAY_MS) {
    throw badRequest('validation_failed', 'to must be after from, at most 31 days later', {
      errors: [{ field: 'to', message: 'must be after from, at most 31 days later' }],
    });
  }
  return withClinic(deps.db, clinicId, actor, async (tx) => ({
    items: (await repo.callList(tx, from, to)).map((r) => ({
      appointmentId: r.id,
      startsAt: new Date(r.starts_at).toISOString(),
      status: r.status,
      doctorId: r.doctor_id,
      patientName: r.full_name,
      phone: r.phone,
      flaggedAt: new Date(r.call_patient_at ?? 0).toISOString(),
    })),
  }));
}

/** The key delivery reports are signed with: the provider's shared secret, or one derived from appSecret. */
export function smsStatusKey(settings: AppSettings): string {
  return (
    settings.smsStatusSecret ??
    createHmac('sha256', settings.appSecret).update('cliniclick sms status').digest('hex')
  );
}

/** Records a provider's delivery report; 'unknown' for a message we never sent by SMS. */
export function recordSmsStatus(
  deps: AppDeps,
  actor: Actor,
  r: { id: string; status: 'delivered' | 'failed'; detail?: string | undefined },
): Promise<'recorded' | 'duplicate' | 'unknown'> {
  return withGlobal(deps.db, actor, async (tx) => {
    const row = await repo.smsOutboxRow(tx, r.id.toLowerCase());
    if (row?.channel !== 'sms') return 'unknown';
    const fresh = await repo.insertReceipt(tx, {
      outboxId: row.id,
      status: r.status,
      detail: r.detail ?? null,
    });
    return fresh ? 'recorded' : 'duplicate';
  });
}
