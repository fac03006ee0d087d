import { activeClinicIds } from '../../platform/db/clinics.ts';
import { systemActor } from '../../platform/db/database.ts';
import { newId } from '../../platform/db/ids.ts';
import { type ClinicTx, withClinic } from '../../platform/db/tenancy.ts';
import type { AppDeps } from '../../platform/deps.ts';
import type { DomainEvent } from '../../platform/events/bus.ts';
import type { JobInfo } from '../../platform/jobs/types.ts';
import { enqueueMessage } from '../../platform/notify/message.ts';
import { composeNotice, type NoticeLang } from './compose.ts';
import { DEFAULT_REMINDER_OFFSETS, LINK_GRACE_MS, reminderDueAt } from './reminder-times.ts';
import * as repo from './repo.ts';
import type { NoticeKind } from './tables.ts';
import { hashVisitToken, newVisitToken } from './tokens.ts';

/**
 * Notifications about appointments: one per event (a reaction job), reminders as persisted jobs,
 * and the fallback sweep. Every message is written to the outbox in the transaction that decides
 * it, with a row in `appointment_messages` linking it to the appointment.
 */

export const REMINDER_JOB = 'notices.reminder';

/** Which notice an appointment event sends (events not listed send none). */
export const EVENT_NOTICES: Readonly<Record<string, NoticeKind>> = {
  'appointment.booked': 'confirmed',
  'appointment.confirmed': 'confirmed',
  'appointment.requested': 'requested',
  'appointment.declined': 'declined',
  'appointment.approval_lapsed': 'declined',
  'appointment.cancelled': 'cancelled',
  'appointment.rescheduled': 'rescheduled',
};

/** The status an appointment must still have for its notice to be true when it goes out. */
const STILL: Partial<Record<NoticeKind, readonly string[]>> = {
  confirmed: ['confirmed'],
  requested: ['requested'],
  rescheduled: ['confirmed', 'requested', 'pending'],
  reminder: ['confirmed'],
};

/** Notices that carry the self-service link (the visit is still ahead). */
const WITH_LINK: ReadonlySet<NoticeKind> = new Set(['confirmed', 'requested', 'rescheduled', 'reminder']);

export function langOf(f: repo.AppointmentFacts): NoticeLang {
  const pick = f.lang ?? f.user_locale ?? f.clinic_locale;
  return pick?.toLowerCase().startsWith('ar') ? 'ar' : 'en';
}

/** The channel tried first: SMS when the patient has a phone (it is their identity), else email. */
export function channelsOf(f: repo.AppointmentFacts): ('sms' | 'email')[] {
  return [...(f.phone ? (['sms'] as const) : []), ...(f.email ? (['email'] as const) : [])];
}

/** A new self-service link for the appointment; older ones stop working. Returns the URL. */
export async function issueLink(tx: ClinicTx, deps: AppDeps, f: repo.AppointmentFacts): Promise<string> {
  await repo.revokeLinks(tx, f.id, null);
  const token = newVisitToken();
  await repo.insertLink(tx, {
    id: newId(tx.now.getTime()),
    appointmentId: f.id,
    tokenHash: hashVisitToken(token),
    expiresAt: new Date(new Date(f.ends_at).getTime() + LINK_GRACE_MS),
  });
  return `${deps.settings.publicUrl}/c/${f.clinic_slug}/visit/${token}`;
}

/**
 * Writes one notice to the outbox on `channel` and links it to the appointment. Nothing is sent
 * twice for one `dedupeKey` (the unique index rolls a racing duplicate back with its outbox row).
 */
export async function sendNotice(
  tx: ClinicTx,
  deps: AppDeps,
  f: repo.AppointmentFacts,
  kind: NoticeKind,
  dedupeKey: string,
  opts: { channel?: 'sms' | 'email'; fallbackOf?: string } = {},
): Promise<string | null> {
  if (await repo.messageKeyUsed(tx, dedupeKey)) return null;
  const channel = opts.channel ?? channelsOf(f)[0];
  if (!channel) return null;
  const lang = langOf(f);
  await repo.ensureNotice(tx, f.id, lang);
  const link = WITH_LINK.has(kind) ? await issueLink(tx, deps, f) : undefined;
  const text = composeNotice(kind, lang, {
    clinicName: f.clinic_name,
    serviceName: (lang === 'ar' ? f.service_name_ar : null) ?? f.service_name,
    doctorName: f.doctor_name,
    startsAt: new Date(f.starts_at),
    timeZone: f.time_zone,
    link,
    reason: kind === 'declined' || kind === 'cancelled' ? f.cancel_reason : null,
  });
  const to = channel === 'sms' ? f.phone : f.email;
  if (!to) return null;
  const outboxId = await enqueueMessage(
    tx,
    deps.outbox,
    channel === 'sms'
      ? { channel, to, body: text.sms }
      : { channel, to, subject: text.subject, body: text.email },
  );
  await repo.insertMessage(tx, {
    outboxId,
    appointmentId: f.id,
    kind,
    channel,
    dedupeKey,
    fallbackOf: opts.fallbackOf ?? null,
  });
  return outboxId;
}

/** Queues the appointment's reminders, keyed by appointment + start + offset (a move gets new ones). */
export async function queueReminders(
  tx: ClinicTx,
  f: repo.AppointmentFacts,
  offsets: readonly number[] = f.reminder_offsets_min ?? DEFAULT_REMINDER_OFFSETS,
) {
  const startsAt = new Date(f.starts_at);
  for (const offsetMin of offsets) {
    const runAt = reminderDueAt(startsAt, offsetMin, f.time_zone);
    if (runAt <= tx.now) continue; // booked inside the offset: the confirmation says it all
    await tx.enqueue({
      name: REMINDER_JOB,
      runAt,
      payload: { appointmentId: f.id, startsAt: startsAt.toISOString(), offsetMin },
      idempotencyKey: `${f.id}:${startsAt.toISOString()}:${offsetMin}`,
    });
  }
}

interface EventData {
  appointmentId?: unknown;
}

/** The reaction to an appointment event: its notice, and reminders when it is (still) confirmed. */
export async function reactToAppointment(deps: AppDeps, event: DomainEvent, job: JobInfo): Promise<void> {
  const kind = EVENT_NOTICES[event.type];
  const appointmentId = (event.data as EventData | null)?.appointmentId;
  if (!kind || typeof appointmentId !== 'string' || !job.clinicId) return;
  await withClinic(deps.db, job.clinicId, systemActor, async (tx) => {
    const f = await repo.appointmentFacts(tx, appointmentId);
    if (!f) return;
    const still = STILL[kind];
    // A late event whose news is no longer true (confirmed, then cancelled before we ran) says nothing.
    if (still && !still.includes(f.status)) return;
    await sendNotice(tx, deps, f, kind, `event:${job.id}`);
    if (f.status === 'confirmed' && (kind === 'confirmed' || kind === 'rescheduled'))
      await queueReminders(tx, f);
  });
}

export interface ReminderPayload {
  appointmentId: string;
  startsAt: string;
  offsetMin: number;
}

/**
 * A reminder job: re-reads the appointment and sends only if it is still confirmed at the time the
 * reminder was queued for (a moved or cancelled visit leaves its old reminders doing nothing).
 */
export async function runReminder(deps: AppDeps, payload: unknown, job: JobInfo): Promise<string> {
  const p = payload as ReminderPayload;
  if (!job.clinicId) return 'no clinic';
  return withClinic(deps.db, job.clinicId, systemActor, async (tx) => {
    const f = await repo.appointmentFacts(tx, p.appointmentId);
    if (f?.status !== 'confirmed') return 'not confirmed';
    if (new Date(f.starts_at).toISOString() !== p.startsAt) return 'moved';
    if (new Date(f.starts_at) <= tx.now) return 'past';
    const sent = await sendNotice(
      tx,
      deps,
      f,
      'reminder',
      `reminder:${p.appointmentId}:${p.startsAt}:${p.offsetMin}`,
    );
    return sent ? 'sent' : 'already sent';
  });
}

/**
 * The fallback sweep: a failed message (the outbox gave up, or the provider reported it failed)
 * goes again on the patient's other channel; when there is none, or the fallback failed too, the
 * appointment is flagged "call the patient" (audited). Returns how many failures it dealt with.
 */
export async function sweepFailures(deps: AppDeps, batch = 100): Promise<number> {
  let total = 0;
  for (const clinicId of await activeClinicIds(deps.db)) {
    total += await withClinic(deps.db, clinicId, systemActor, async (tx) => {
      const failed = await repo.unhandledFailures(tx, batch);
      for (const m of failed) {
        await repo.markHandled(tx, m.outbox_id);
        const f = await repo.appointmentFacts(tx, m.appointment_id);
        if (!f) continue;
        const other = m.channel === 'sms' ? 'email' : 'sms';
        const canFallBack = m.fallback_of === null && channelsOf(f).includes(other);
        // A notice about a visit that is no longer ahead needs nobody to be called.
        const stillMatters =
          new Date(f.starts_at) > tx.now && ['confirmed', 'requested', 'pending'].includes(f.status);
        if (canFallBack) {
          await sendNotice(tx, deps, f, m.kind, `fallback:${m.outbox_id}`, {
            channel: other,
            fallbackOf: m.outbox_id,
          });
        } else if (stillMatters || m.kind === 'cancelled' || m.kind === 'declined') {
          await repo.ensureNotice(tx, f.id, langOf(f));
          if (await repo.flagCall(tx, f.id)) {
            await tx.audit({
              action: 'appointment.call_patient_flagged',
              entityType: 'appointment',
              entityId: f.id,
              data: { kind: m.kind, outboxId: m.outbox_id },
            });
          }
        }
      }
      return failed.length;
    });
  }
  return total;
}
