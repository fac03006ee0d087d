import { randomBytes } from 'node:crypto';
import { DAY_MS } from '@cliniclick/time';
import { sha256 } from '../../../platform/auth/crypto.ts';
import { clinicHeader } from '../../../platform/db/clinics.ts';
import type { Database } from '../../../platform/db/database.ts';
import { isUuid } from '../../../platform/db/ids.ts';
import { withClinic } from '../../../platform/db/tenancy.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { type Caller, requireSelfOrStaff } from '../access.ts';
import { listAppointments } from '../appointments/repo.ts';
import { buildCalendar, type FeedEvent } from '../core/ical.ts';
import { listDoctors, listRooms } from '../setup/repo.ts';
import { requireDoctor } from '../setup/service.ts';
import { deleteFeed, feedDoctorByHash, feedOf, putFeed } from './repo.ts';

/**
 * A doctor's calendar feed behind an unguessable URL. The token is `<clinicId>.<256 random
 * bits>`: the clinic part only says which tenant to look in (a feed is read without a session),
 * the secret is what grants access, and only its SHA-256 is stored. Rotating replaces it;
 * revoking deletes it. The feed shows what a doctor's phone needs and no more: the service and
 * the patient's first name, never a surname, phone or notes.
 */

export const FEED_PATH = '/api/v1/public/calendar/';
const PAST_DAYS = 30;
const FUTURE_DAYS = 365;

export function feedStatus(db: Database, clinicId: string, caller: Caller, doctorId: string) {
  return withClinic(db, clinicId, caller.actor, async (tx) => {
    await requireDoctor(tx, doctorId);
    requireSelfOrStaff(caller, doctorId, 'calendar feed');
    const feed = await feedOf(tx, doctorId);
    return { active: feed !== undefined, createdAt: feed?.created_at.toISOString() ?? null };
  });
}

/** Creates the feed, or rotates it (the old URL stops working at once). The URL is shown only now. */
export function issueFeed(
  db: Database,
  clinicId: string,
  caller: Caller,
  doctorId: string,
  publicUrl: string,
) {
  return withClinic(db, clinicId, caller.actor, async (tx) => {
    await requireDoctor(tx, doctorId);
    requireSelfOrStaff(caller, doctorId, 'calendar feed');
    const rotated = (await feedOf(tx, doctorId)) !== undefined;
    const token = `${tx.clinicId}.${randomBytes(32).toString('base64url')}`;
    await putFeed(tx, doctorId, sha256(token));
    await tx.audit({
      action: rotated ? 'calendar_feed.rotated' : 'calendar_feed.created',
      entityType: 'doctor',
      entityId: doctorId,
    });
    return {
      url: `${publicUrl.replace(/\/$/, '')}${FEED_PATH}${token}.ics`,
      createdAt: tx.now.toISOString(),
    };
  });
}

export function revokeFeed(db: Database, clinicId: string, caller: Caller, doctorId: string): Promise<void> {
  return withClinic(db, clinicId, caller.actor, async (tx) => {
    requireSelfOrStaff(caller, doctorId, 'calendar feed');
    if (!(await deleteFeed(tx, doctorId))) throw notFound('Calendar feed');
    await tx.audit({ action: 'calendar_feed.revoked', entityType: 'doctor', entityId: doctorId });
  });
}

const STATUS = {
  pending: 'TENTATIVE',
  requested: 'TENTATIVE',
  confirmed: 'CONFIRMED',
  checked_in: 'CONFIRMED',
  in_progress: 'CONFIRMED',
  completed: 'CONFIRMED',
  cancelled: 'CANCELLED',
} as const;

/** The feed's text, or 404 for an unknown, rotated or revoked token (or a suspended clinic). */
export async function renderFeed(db: Database, rawToken: string): Promise<string> {
  const token = rawToken.replace(/\.ics$/i, '');
  const dot = token.indexOf('.');
  const clinicId = token.slice(0, dot).toLowerCase();
  if (dot < 0 || !isUuid(clinicId) || token.length - dot < 40) throw notFound('Calendar feed');
  const public_ = { kind: 'public' as const, userId: null };
  const clinic = await clinicHeader(db, clinicId);
  if (clinic?.status !== 'active') throw notFound('Calendar feed');
  return withClinic(db, clinicId, public_, async (tx) => {
    const doctorId = await feedDoctorByHash(tx, sha256(token));
    if (!doctorId) throw notFound('Calendar feed');
    const [doctor] = await listDoctors(tx, doctorId);
    if (!doctor) throw notFound('Calendar feed');
    const rooms = new Map((await listRooms(tx)).map((r) => [r.id, r.name]));
    const rows = await listAppointments(tx, {
      from: new Date(tx.now.getTime() - PAST_DAYS * DAY_MS),
      to: new Date(tx.now.getTime() + FUTURE_DAYS * DAY_MS),
      doctorId,
    });
    const events: FeedEvent[] = [];
    for (const r of rows) {
      if (r.status === 'no_show' || r.status === 'expired') continue;
      if ((r.status === 'pending' || r.status === 'requested') && (r.hold_expires_at ?? tx.now) <= tx.now)
        continue;
      const firstName = r.patient_name.trim().split(/\s+/)[0] ?? '';
      events.push({
        uid: `${r.id}@cliniclick`,
        start: r.starts_at,
        end: r.ends_at,
        summary: `${r.service_name} – ${firstName}`,
        ...(r.mode === 'online'
          ? { location: 'Online' }
          : r.room_id
            ? { location: rooms.get(r.room_id) ?? '' }
            : {}),
        status: STATUS[r.status],
        updatedAt: r.updated_at,
        sequence: r.version - 1,
      });
    }
    return buildCalendar({ name: `${doctor.name} · ${clinic.name}`, now: tx.now, events });
  });
}
