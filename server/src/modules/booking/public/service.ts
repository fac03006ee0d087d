import { DAY_MS, dayFromIso, isoFromDay, utcToLocal } from '@cliniclick/time';
import { equalBytes, hmac, newToken, sha256, sixDigitCode } from '../../../platform/auth/crypto.ts';
import { normalizePhone } from '../../../platform/auth/phone.ts';
import type { Actor, Database } from '../../../platform/db/database.ts';
import { type ClinicTx, inSavepoint, withClinic } from '../../../platform/db/tenancy.ts';
import { AppError, badRequest, notFound } from '../../../platform/http/errors.ts';
import { enqueueMessage, type OutboxSignal } from '../../../platform/notify/message.ts';
import { findOrRegisterPatientIn } from '../../patients/index.ts';
import { findSlots, type PlacedHold, placeHold, verifyHold } from '../../scheduling/index.ts';
import type { SiteClinic } from '../../site/index.ts';
import * as settingsRepo from '../settings/repo.ts';
import type { PublicSlotsCache } from './cache.ts';
import { BOOKING_LIMITS as L, limited, spend } from './limits.ts';
import * as repo from './repo.ts';
import type { CodeSent, DetailsInput, HoldInput, PublicBooking, PublicHold } from './schema.ts';

/**
 * Public booking: the catalog and free times of a clinic, then a hold (the time is taken at once,
 * for `holdMinutes`), the visitor's details with an SMS code bound to the hold, and the code's
 * check, which confirms the visit or sends it to the clinic for approval. Each hold is bound to a
 * secret returned once at creation (only its hash is kept): a hold id alone reads and does nothing.
 */

export interface PublicDeps {
  db: Database;
  outbox: OutboxSignal;
  appSecret: string;
}

/** Reuses free-time answers for a moment (public/cache.ts); absent: every answer computed. */
export type FreeSlotsCache = PublicSlotsCache<FreeSlot[]>;

export interface Visitor {
  ip: string;
  requestId?: string | undefined;
}

const actorOf = (v: Visitor): Actor => ({ kind: 'public', userId: null, ip: v.ip, requestId: v.requestId });

/** A suspended clinic shows its site but takes no bookings. */
export function requireOpen(clinic: SiteClinic): void {
  if (!clinic.acceptingBookings)
    throw new AppError(409, 'not_accepting_bookings', 'This clinic is not taking online bookings right now');
}

export function publicCatalog(db: Database, clinic: SiteClinic) {
  return withClinic(db, clinic.id, { kind: 'public', userId: null }, async (tx) => ({
    acceptingBookings: clinic.acceptingBookings,
    services: (await repo.publicServices(tx)).map((s) => ({
      id: s.id,
      name: s.name,
      nameAr: s.name_ar,
      durationMin: s.duration_min,
      priceMinor: Number(s.price_minor),
      currency: clinic.currency,
      mode: s.mode,
      requiresApproval: s.requires_approval ?? false,
    })),
  }));
}

export function publicDoctors(db: Database, clinic: SiteClinic, serviceId: string) {
  return withClinic(db, clinic.id, { kind: 'public', userId: null }, async (tx) => {
    const services = await repo.publicServices(tx);
    if (!services.some((s) => s.id === serviceId)) throw notFound('Service');
    const doctors = await repo.publicDoctors(tx, serviceId);
    return { items: doctors.map((d) => ({ id: d.doctor_id, name: d.name, specialty: d.specialty })) };
  });
}

export interface FreeSlot {
  doctorId: string;
  doctorName: string;
  start: string;
  end: string;
  recommended: boolean;
}

/** Free times of local days [fromDay, toDay] within the clinic's public notice and horizon. */
async function freeSlots(
  db: Database,
  clinic: SiteClinic,
  q: { serviceId: string; doctorId: string; fromDay: number; toDay: number; best: boolean },
): Promise<FreeSlot[]> {
  const { settings, doctors } = await withClinic(
    db,
    clinic.id,
    { kind: 'public', userId: null },
    async (tx) => ({
      settings: await settingsRepo.readBookingSettings(tx),
      doctors: await repo.publicDoctors(tx, q.serviceId),
    }),
  );
  const names = new Map(doctors.map((d) => [d.doctor_id, d.name]));
  if (q.doctorId !== 'any' && !names.has(q.doctorId)) throw notFound('Doctor');
  if (names.size === 0) throw notFound('Service');
  const result = await findSlots(
    db,
    clinic.id,
    { actor: { kind: 'public', userId: null }, userId: '', roles: [], clinic },
    q.serviceId,
    {
      ...(q.doctorId === 'any' ? {} : { doctorId: q.doctorId }),
      from: isoFromDay(q.fromDay),
      to: isoFromDay(q.toDay),
      order: q.best ? 'best' : 'time',
    },
    { minNoticeMin: settings.minNoticeMinutes, horizonDays: settings.horizonDays },
  );
  return result.slots
    .filter((s) => names.has(s.doctorId))
    .map((s) => ({
      doctorId: s.doctorId,
      doctorName: names.get(s.doctorId) ?? '',
      start: s.start,
      end: s.end,
      recommended: s.recommended,
    }));
}

const today = (clinic: SiteClinic, now: Date) => utcToLocal(clinic.timeZone, now.getTime()).day;

/** The next two weeks' days from `from`, each with how many times are free. */
export async function publicDays(
  db: Database,
  clinic: SiteClinic,
  now: Date,
  q: { serviceId: string; doctorId: string; from?: string | undefined },
  cache?: FreeSlotsCache,
) {
  const fromDay = Math.max(q.from ? dayFromIso(q.from) : 0, today(clinic, now));
  const toDay = fromDay + 13;
  const ask = { serviceId: q.serviceId, doctorId: q.doctorId, fromDay, toDay, best: false };
  const compute = () => freeSlots(db, clinic, ask);
  const slots = await (cache ? cache.get(clinic.id, JSON.stringify(ask), compute) : compute());
  const counts = new Map<number, number>();
  for (const s of slots) {
    const day = utcToLocal(clinic.timeZone, Date.parse(s.start)).day;
    counts.set(day, (counts.get(day) ?? 0) + 1);
  }
  const days = [];
  for (let d = fromDay; d <= toDay; d++) days.push({ date: isoFromDay(d), free: counts.get(d) ?? 0 });
  return { timeZone: clinic.timeZone, days };
}

/** One day's free times, recommended ones first, then by time. */
export async function publicSlots(
  db: Database,
  clinic: SiteClinic,
  q: { serviceId: string; doctorId: string; date: string },
  cache?: FreeSlotsCache,
) {
  const day = dayFromIso(q.date);
  const ask = { serviceId: q.serviceId, doctorId: q.doctorId, fromDay: day, toDay: day, best: true };
  const compute = () => freeSlots(db, clinic, ask);
  const slots = await (cache ? cache.get(clinic.id, JSON.stringify(ask), compute) : compute());
  return { timeZone: clinic.timeZone, date: q.date, slots };
}

function holdView(row: NonNullable<repo.HoldRow>): Omit<PublicHold, 'holdSecret'> {
  return {
    holdId: row.appointment_id,
    status: row.status,
    serviceId: row.service_id,
    serviceName: row.service_name,
    serviceNameAr: row.service_name_ar,
    doctorId: row.doctor_id,
    doctorName: row.doctor_name,
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    holdExpiresAt: row.hold_expires_at?.toISOString() ?? null,
  };
}

/**
 * Takes the time for `holdMinutes`. The time must be one the public slot list offers; with
 * `doctorId: 'any'` the first doctor free then gets it. Lost races answer 409 `slot_taken`.
 */
export async function createHold(
  deps: PublicDeps,
  clinic: SiteClinic,
  visitor: Visitor,
  input: HoldInput,
): Promise<PublicHold> {
  requireOpen(clinic);
  await spend(deps.db, visitor.ip, [{ name: 'holds_ip', key: visitor.ip, limit: L.holdsPerIp }]);
  const offered = await offeredAt(deps.db, clinic, input);
  const secret = newToken();
  return withClinic(deps.db, clinic.id, actorOf(visitor), async (tx) => {
    if ((await repo.openHolds(tx, { ip: visitor.ip }, null)) >= L.openHoldsPerIp)
      throw limited('holds_ip', 60);
    const settings = await settingsRepo.readBookingSettings(tx);
    const placed = await placeFirst(tx, offered, input.serviceId, {
      holdMinutes: settings.holdMinutes,
      source: 'site',
      patientId: null,
    });
    await repo.insertHold(tx, { appointment_id: placed.id, secret_hash: sha256(secret), ip: visitor.ip });
    const row = await repo.findHold(tx, placed.id);
    if (!row) throw notFound('Hold');
    return { ...holdView(row), holdSecret: secret };
  });
}

/** The public list's free times at exactly `startsAt` (one per doctor free then), or 409. */
export async function offeredAt(
  db: Database,
  clinic: SiteClinic,
  input: { serviceId: string; doctorId: string; startsAt: string },
): Promise<FreeSlot[]> {
  const startsAt = Date.parse(input.startsAt);
  const day = utcToLocal(clinic.timeZone, startsAt).day;
  const offered = (
    await freeSlots(db, clinic, {
      serviceId: input.serviceId,
      doctorId: input.doctorId,
      fromDay: day,
      toDay: day,
      best: true,
    })
  ).filter((s) => Date.parse(s.start) === startsAt);
  if (offered.length === 0) throw slotGone();
  return offered;
}

/** Holds the first of `offered` still free (each try under a savepoint), or 409 slot_taken. */
export async function placeFirst(
  tx: ClinicTx,
  offered: FreeSlot[],
  serviceId: string,
  how: { holdMinutes: number; source: 'site' | 'patient'; patientId: string | null },
): Promise<PlacedHold> {
  for (const slot of offered) {
    try {
      return await inSavepoint(tx, () =>
        placeHold(tx, {
          doctorId: slot.doctorId,
          serviceId,
          startsAt: new Date(slot.start),
          ...how,
        }),
      );
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'slot_taken')) throw err;
    }
  }
  throw slotGone();
}

const slotGone = () =>
  new AppError(409, 'slot_taken', 'That time was just taken; pick another', { conflict: 'doctor' });

/** The hold, if `secret` is its secret; otherwise 404, as for no hold at all. */
async function ownHold(tx: ClinicTx, holdId: string, secret: string): Promise<NonNullable<repo.HoldRow>> {
  const row = await repo.findHold(tx, holdId);
  if (!row || !equalBytes(row.secret_hash, sha256(secret))) throw notFound('Hold');
  return row;
}

function requireLive(row: NonNullable<repo.HoldRow>, now: Date): void {
  if (row.verified_at) throw new AppError(409, 'already_booked', 'This booking is already made');
  if (row.status !== 'pending' || !row.hold_expires_at || row.hold_expires_at <= now)
    throw new AppError(409, 'hold_expired', 'This time is no longer held for you; pick a time again');
}

export function readHold(deps: PublicDeps, clinic: SiteClinic, holdId: string, secret: string) {
  return withClinic(deps.db, clinic.id, { kind: 'public', userId: null }, async (tx) => {
    const row = await ownHold(tx, holdId, secret);
    return {
      ...holdView(row),
      phone: row.phone ? maskPhone(row.phone) : null,
      verified: row.verified_at !== null,
    };
  });
}

const codeHash = (appSecret: string, holdId: string, code: string) =>
  hmac(appSecret, `booking:${holdId}:${code}`);

export const maskPhone = (phone: string) => `${phone.slice(0, 4)}•••${phone.slice(-3)}`;

function smsBody(lang: 'en' | 'ar', clinicName: string, code: string): string {
  return lang === 'ar'
    ? `رمز تأكيد حجزك في ${clinicName}: ${code}. صالح لمدة 10 دقائق. لا تشاركه مع أحد.`
    : `Your ${clinicName} booking code is ${code}. It expires in 10 minutes. Never share it.`;
}

/** Stores the visitor's details on the hold and sends a code to their phone. */
export async function sendDetails(
  deps: PublicDeps,
  clinic: SiteClinic,
  visitor: Visitor,
  holdId: string,
  input: DetailsInput,
): Promise<CodeSent> {
  requireOpen(clinic);
  // Robots fill every field; people never see this one. Refused like a bad form, no hint why.
  if (input.website) throw badRequest('validation_failed', 'Check the form and try again');
  const phone = normalizePhone(input.phone);
  // The hold is checked before anything is counted against the phone (a stranger's secret fails here).
  await withClinic(deps.db, clinic.id, actorOf(visitor), async (tx) => {
    requireLive(await ownHold(tx, holdId, input.holdSecret), tx.now);
  });
  await spend(deps.db, visitor.ip, [
    { name: 'codes_ip', key: visitor.ip, limit: L.codesPerIp },
    { name: 'codes_phone', key: phone, limit: L.codesPerPhone },
  ]);
  return withClinic(deps.db, clinic.id, actorOf(visitor), async (tx) => {
    const row = await ownHold(tx, holdId, input.holdSecret);
    requireLive(row, tx.now);
    if (row.code_sent_at) {
      const wait = L.resendAfterSeconds - Math.floor((tx.now.getTime() - row.code_sent_at.getTime()) / 1000);
      if (wait > 0)
        throw new AppError(429, 'code_cooldown', `Wait ${wait} seconds before asking for a new code`, {
          retryAfter: wait,
        });
    }
    if ((await repo.openHolds(tx, { phone }, holdId)) >= L.openHoldsPerPhone)
      throw new AppError(
        429,
        'rate_limited',
        'This number already has bookings in progress; finish them first',
        {
          retryAfter: 60,
          limit: 'open_holds_phone',
        },
      );
    const code = sixDigitCode();
    const expires = new Date(tx.now.getTime() + L.codeTtlSeconds * 1000);
    await repo.updateHold(
      tx,
      holdId,
      {
        full_name: input.name,
        phone,
        email: input.email ?? null,
        language: input.language,
        code_hash: codeHash(deps.appSecret, holdId, code),
        code_sent_at: tx.now,
        code_expires_at: expires,
      },
      { codeSent: true },
    );
    await enqueueMessage(tx, deps.outbox, {
      channel: 'sms',
      to: phone,
      body: smsBody(input.language, clinic.name, code),
    });
    await tx.audit({ action: 'booking.code_sent', entityType: 'appointment', entityId: holdId, data: {} });
    return {
      phone: maskPhone(phone),
      codeExpiresAt: expires.toISOString(),
      resendAfterSeconds: L.resendAfterSeconds,
    };
  });
}

/**
 * Checks the code. Every try is spent before the comparison and committed even when wrong; the
 * right code is used once: the hold becomes the patient's confirmed visit or a request.
 */
export async function verifyCode(
  deps: PublicDeps,
  clinic: SiteClinic,
  visitor: Visitor,
  holdId: string,
  input: { holdSecret: string; code: string },
): Promise<PublicBooking> {
  requireOpen(clinic);
  const outcome = await withClinic(deps.db, clinic.id, actorOf(visitor), async (tx) => {
    const row = await ownHold(tx, holdId, input.holdSecret);
    requireLive(row, tx.now);
    if (!row.code_hash || !row.code_expires_at || !row.phone || !row.full_name)
      return { error: badRequest('code_not_sent', 'Ask for a code first') };
    if (row.code_expires_at <= tx.now)
      return { error: badRequest('code_expired', 'This code has expired; ask for a new one') };
    if (row.attempts >= L.attemptsPerCode)
      return {
        error: new AppError(429, 'code_locked', 'Too many wrong codes; ask for a new one', {
          retryAfter: Math.max(1, L.resendAfterSeconds),
        }),
      };
    await repo.updateHold(tx, holdId, {}, { attempt: true });
    const ok =
      /^\d{6}$/.test(input.code) && equalBytes(row.code_hash, codeHash(deps.appSecret, holdId, input.code));
    if (!ok)
      return {
        error: badRequest('code_invalid', 'That code is not right; check the SMS and try again', {
          attemptsLeft: L.attemptsPerCode - row.attempts - 1,
        }),
        failed: true,
      };
    const patient = await findOrRegisterPatientIn(tx, {
      fullName: row.full_name,
      phone: row.phone,
      ...(row.email ? { email: row.email } : {}),
    });
    const deadline = await approvalDeadline(tx, row.service_id, row.starts_at);
    const result = await verifyHold(tx, holdId, patient.id, deadline);
    await repo.updateHold(tx, holdId, { verified_at: tx.now, code_hash: null });
    const booked: PublicBooking = {
      ...holdView(row),
      appointmentId: holdId,
      status: result.status === 'requested' ? 'requested' : 'confirmed',
      holdExpiresAt: result.holdExpiresAt?.toISOString() ?? null,
      selfServiceUrl: null,
    };
    return { booked };
  });
  if ('error' in outcome) {
    if (outcome.failed)
      await spend(deps.db, visitor.ip, [{ name: 'failed_ip', key: visitor.ip, limit: L.failedCodesPerIp }]);
    throw outcome.error;
  }
  return outcome.booked;
}

/**
 * When the service needs the clinic's approval: the deadline for its answer (the clinic's
 * approval hours from now, and never after the visit would have started); otherwise null.
 */
export async function approvalDeadline(
  tx: ClinicTx,
  serviceId: string,
  startsAt: Date,
): Promise<Date | null> {
  if (!(await settingsRepo.requiresApproval(tx, serviceId))) return null;
  const settings = await settingsRepo.readBookingSettings(tx);
  return new Date(Math.min(tx.now.getTime() + settings.approvalHours * 3_600_000, startsAt.getTime()));
}

/** Days are at most two weeks at a time: enough for a phone screen, cheap to compute. */
export const DAYS_SPAN = 14 * DAY_MS;
