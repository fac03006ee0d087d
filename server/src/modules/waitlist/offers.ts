import { localTimeOf, MINUTE_MS } from '@cliniclick/time';
import { newToken, sha256 } from '../../platform/auth/crypto.ts';
import { activeClinicIds } from '../../platform/db/clinics.ts';
import { type Actor, type Database, systemActor } from '../../platform/db/database.ts';
import { newId } from '../../platform/db/ids.ts';
import { type ClinicTx, inSavepoint, withClinic } from '../../platform/db/tenancy.ts';
import type { DomainEvent } from '../../platform/events/bus.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { OutboxSignal } from '../../platform/notify/message.ts';
import { bookingSettingsIn } from '../booking/index.ts';
import {
  appointmentFactsIn,
  confirmHoldIn,
  isTimeFreeIn,
  offeredMinutesIn,
  placeAppointmentIn,
  releaseAppointmentIn,
} from '../scheduling/index.ts';
import { DEFAULT_OFFER_SETTINGS, type OfferSettings, wishFits } from './core.ts';
import { offerUrl, sendBooked, sendGone, sendOffer } from './messages.ts';
import * as repo from './repo.ts';

/**
 * Offers of freed times. Mode 'one': the best wish gets a `pending` hold on the time (scheduling's
 * hold, so nobody else can take it) and a link; when the hold lapses or is declined, scheduling's
 * `appointment.expired` / `appointment.cancelled` event brings the time back here and the next wish
 * gets it. Mode 'all': several wishes get a link at once, no hold; the first claim books (the
 * exclusion constraint picks one winner), the others are told it is gone.
 */

export interface WaitlistDeps {
  db: Database;
  outbox: OutboxSignal;
  settings: { publicUrl: string };
}

export interface Time {
  doctorId: string;
  serviceId: string;
  startsAt: Date;
  endsAt: Date;
}

/** Events after which an appointment's time may be free again. */
export const FREEING_EVENTS = [
  'appointment.cancelled',
  'appointment.no_show',
  'appointment.expired',
  'appointment.declined',
  'appointment.approval_lapsed',
  'appointment.rescheduled',
] as const;

const isSlotTaken = (err: unknown) => err instanceof AppError && err.code === 'slot_taken';

/** The time an event freed, if any (a rescheduled event frees the old time when it names it). */
async function freedTime(tx: ClinicTx, event: DomainEvent): Promise<Time | undefined> {
  const data = (event.data ?? {}) as Record<string, unknown>;
  const id = typeof data.appointmentId === 'string' ? data.appointmentId : undefined;
  if (!id) return undefined;
  const held = await repo.offerByHold(tx, id, true);
  if (held) {
    // A waitlist hold ended (lapsed, declined, or later cancelled): its offer closes, the wish waits again.
    if (held.status === 'open') {
      await repo.updateOffer(tx, held.id, {
        status: event.type === 'appointment.cancelled' ? 'declined' : 'lapsed',
        answered_at: tx.now,
      });
      await releaseWish(tx, held.wish_id);
      await tx.audit({
        action: 'waitlist.offer_lapsed',
        entityType: 'waitlist_offer',
        entityId: held.id,
        data: { event: event.type },
      });
    }
    return {
      doctorId: held.doctor_id,
      serviceId: held.service_id,
      startsAt: held.starts_at,
      endsAt: held.slot_ends_at,
    };
  }
  const facts = await appointmentFactsIn(tx, id);
  if (!facts) return undefined;
  if (event.type === 'appointment.rescheduled') {
    // Scheduling's event names the new time; the old one is offered only when the event carries it.
    const previous = typeof data.previousStartsAt === 'string' ? new Date(data.previousStartsAt) : undefined;
    if (!previous || Number.isNaN(previous.getTime())) return undefined;
    const length = facts.endsAt.getTime() - facts.startsAt.getTime();
    const doctorId = typeof data.previousDoctorId === 'string' ? data.previousDoctorId : facts.doctorId;
    return {
      doctorId,
      serviceId: facts.serviceId,
      startsAt: previous,
      endsAt: new Date(previous.getTime() + length),
    };
  }
  if (facts.status !== 'cancelled' && facts.status !== 'no_show' && facts.status !== 'expired')
    return undefined;
  return {
    doctorId: facts.doctorId,
    serviceId: facts.serviceId,
    startsAt: facts.startsAt,
    endsAt: facts.endsAt,
  };
}

/** The reaction: a time freed → offered to the waitlist (idempotent: a time goes to a wish once). */
export function offerFreedTime(
  deps: WaitlistDeps,
  event: DomainEvent,
  settings?: OfferSettings,
): Promise<number> {
  if (!event.clinicId) return Promise.resolve(0);
  return withClinic(deps.db, event.clinicId, systemActor, async (tx) => {
    const time = await freedTime(tx, event);
    if (!time) return 0;
    return offerTime(deps, tx, time, settings ?? (await offerSettingsIn(tx)));
  });
}

/** Offers a free time to the best fitting waiting wishes; answers how many offers went out. */
export async function offerTime(
  deps: WaitlistDeps,
  tx: ClinicTx,
  time: Time,
  settings: OfferSettings,
): Promise<number> {
  if (time.startsAt.getTime() <= tx.now.getTime()) return 0;
  if (!(await isTimeFreeIn(tx, time.doctorId, time.startsAt, time.endsAt))) return 0;
  const clinic = await repo.clinicFactsOf(tx);
  const freed = { ...time, timeZone: clinic.timeZone };
  const day = localTimeOf(time.startsAt, clinic.timeZone).day;
  const offeredAlready = await repo.wishesOfferedTime(tx, time.doctorId, time.startsAt);
  const candidates = (await repo.waitingWishesFor(tx, time.doctorId, day)).filter(
    (w) =>
      !offeredAlready.has(w.id) &&
      wishFits(
        {
          doctorId: w.doctor_id,
          serviceId: w.service_id,
          fromDate: w.from_date,
          toDate: w.to_date,
          parts: w.parts,
        },
        freed,
      ),
  );
  // Offers of this time still open count against the fan-out: a retried reaction adds none.
  const open = (await repo.openOffersOfTime(tx, time.doctorId, time.startsAt, '')).length;
  const room = settings.mode === 'one' ? 1 - open : settings.fanOut - open;
  let sent = 0;
  for (const wish of candidates) {
    if (sent >= room) break;
    const serviceId = wish.service_id ?? time.serviceId;
    const minutes = await offeredMinutesIn(tx, time.doctorId, serviceId);
    if (minutes === null || time.startsAt.getTime() + minutes * MINUTE_MS > time.endsAt.getTime()) continue;
    let holdId: string | null = null;
    if (settings.mode === 'one') {
      try {
        const placed = await inSavepoint(tx, () =>
          placeAppointmentIn(tx, {
            doctorId: time.doctorId,
            serviceId,
            patientId: wish.patient_id,
            startsAt: time.startsAt,
            holdMinutes: settings.minutes,
            notes: 'Held for a waitlist offer',
          }),
        );
        holdId = placed.id;
      } catch (err) {
        if (isSlotTaken(err)) return sent;
        if (err instanceof AppError && err.status < 500) continue;
        throw err;
      }
    }
    const token = newToken();
    const offerId = newId(tx.now.getTime());
    const made = await repo.insertOffer(tx, {
      id: offerId,
      wish_id: wish.id,
      doctor_id: time.doctorId,
      service_id: serviceId,
      starts_at: time.startsAt,
      slot_ends_at: time.endsAt,
      mode: settings.mode,
      hold_id: holdId,
      token_hash: sha256(token),
      expires_at: new Date(tx.now.getTime() + settings.minutes * MINUTE_MS),
      appointment_id: null,
      answered_at: null,
    });
    if (!made) continue;
    await repo.updateWish(tx, wish.id, { status: 'offered' });
    await tx.audit({
      action: 'waitlist.offered',
      entityType: 'waitlist_wish',
      entityId: wish.id,
      data: {
        offerId,
        mode: settings.mode,
        doctorId: time.doctorId,
        startsAt: time.startsAt.toISOString(),
        holdId,
      },
    });
    await sendOffer(
      tx,
      deps.outbox,
      { phone: wish.patient_phone, email: wish.patient_email },
      {
        clinic,
        doctor: await repo.doctorNameOf(tx, time.doctorId),
        at: time.startsAt,
        minutes: settings.minutes,
        url: offerUrl(deps.settings.publicUrl, clinic.slug, token),
      },
    );
    sent += 1;
  }
  return sent;
}

/** A wish with no open offer left waits again (unless it was booked or withdrawn meanwhile). */
async function releaseWish(tx: ClinicTx, wishId: string): Promise<void> {
  const wish = await repo.findWish(tx, wishId, true);
  if (wish?.status === 'offered' && !(await repo.hasOpenOffer(tx, wishId))) {
    await repo.updateWish(tx, wishId, { status: 'waiting' });
  }
}

export type ClaimOutcome = 'booked' | 'taken' | 'lapsed' | 'declined';

export interface OfferView {
  status: repo.OfferRow['status'];
  mode: repo.OfferRow['mode'];
  startsAt: Date;
  expiresAt: Date;
  doctorName: string;
  open: boolean;
}

/** What the claim page shows for a token; undefined for an unknown one (a 404). */
export function viewOffer(db: Database, clinicId: string, token: string): Promise<OfferView | undefined> {
  return withClinic(db, clinicId, { kind: 'public', userId: null }, async (tx) => {
    const offer = await repo.offerByToken(tx, sha256(token));
    if (!offer) return undefined;
    return {
      status: offer.status,
      mode: offer.mode,
      startsAt: offer.starts_at,
      expiresAt: offer.expires_at,
      doctorName: await repo.doctorNameOf(tx, offer.doctor_id),
      open: offer.status === 'open' && offer.expires_at > tx.now,
    };
  });
}

/**
 * "Take this time". Claims of one time take turns (every offer of the time is locked, in one
 * order, before the calendar), so with mode 'all' exactly one books and the others read "taken".
 * Undefined for an unknown token.
 */
export function claimOffer(
  deps: WaitlistDeps,
  clinicId: string,
  token: string,
  actor: Actor,
): Promise<ClaimOutcome | undefined> {
  return withClinic(deps.db, clinicId, actor, async (tx) => {
    const found = await repo.offerByToken(tx, sha256(token));
    if (!found) return undefined;
    await repo.lockOffersOfTime(tx, found.doctor_id, found.starts_at);
    const offer = await repo.offerByToken(tx, sha256(token));
    if (!offer) return undefined;
    if (offer.status === 'claimed') return 'booked';
    if (offer.status === 'gone') return 'taken';
    if (offer.status === 'declined') return 'declined';
    if (offer.status === 'lapsed') return 'lapsed';
    if (offer.expires_at <= tx.now) {
      await closeOffer(tx, offer, 'lapsed');
      return 'lapsed';
    }
    const wish = await repo.findWish(tx, offer.wish_id, true);
    if (!wish || wish.status === 'withdrawn' || wish.status === 'booked') {
      await closeOffer(tx, offer, 'gone');
      return 'taken';
    }
    let appointmentId: string;
    try {
      if (offer.hold_id) {
        await inSavepoint(tx, () => confirmHoldIn(tx, offer.hold_id ?? ''));
        appointmentId = offer.hold_id;
      } else {
        const placed = await inSavepoint(tx, () =>
          placeAppointmentIn(tx, {
            doctorId: offer.doctor_id,
            serviceId: offer.service_id,
            patientId: wish.patient_id,
            startsAt: offer.starts_at,
            notes: 'Booked from the waitlist',
          }),
        );
        appointmentId = placed.id;
      }
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      const lapsed = err.code === 'hold_expired' || err.code === 'invalid_transition';
      await closeOffer(tx, offer, lapsed ? 'lapsed' : 'gone');
      return lapsed ? 'lapsed' : 'taken';
    }
    await repo.updateOffer(tx, offer.id, {
      status: 'claimed',
      appointment_id: appointmentId,
      answered_at: tx.now,
    });
    await repo.updateWish(tx, wish.id, { status: 'booked', appointment_id: appointmentId });
    await tx.audit({
      action: 'waitlist.claimed',
      entityType: 'waitlist_wish',
      entityId: wish.id,
      data: { offerId: offer.id, appointmentId },
    });
    const clinic = await repo.clinicFactsOf(tx);
    const doctor = await repo.doctorNameOf(tx, offer.doctor_id);
    await sendBooked(
      tx,
      deps.outbox,
      { phone: wish.patient_phone, email: wish.patient_email },
      { clinic, doctor, at: offer.starts_at },
    );
    for (const other of await repo.openOffersOfTime(tx, offer.doctor_id, offer.starts_at, offer.id)) {
      await closeOffer(tx, other, 'gone');
      const who = await repo.findWish(tx, other.wish_id);
      if (who)
        await sendGone(
          tx,
          deps.outbox,
          { phone: who.patient_phone, email: who.patient_email },
          { clinic, at: other.starts_at },
        );
    }
    return 'booked';
  });
}

/** "No thanks": the offer closes; in mode 'one' its hold is released and the next wish gets the time. */
export function declineOffer(
  deps: WaitlistDeps,
  clinicId: string,
  token: string,
  actor: Actor,
): Promise<ClaimOutcome | undefined> {
  return withClinic(deps.db, clinicId, actor, async (tx) => {
    const found = await repo.offerByToken(tx, sha256(token));
    if (!found) return undefined;
    await repo.lockOffersOfTime(tx, found.doctor_id, found.starts_at);
    const offer = await repo.offerByToken(tx, sha256(token));
    if (!offer) return undefined;
    if (offer.status === 'claimed') return 'booked';
    if (offer.status !== 'open') return offer.status === 'gone' ? 'taken' : offer.status;
    await closeOffer(tx, offer, 'declined');
    return 'declined';
  });
}

/** Closes an open offer, releases its hold (scheduling's event then offers the time on) and its wish. */
async function closeOffer(
  tx: ClinicTx,
  offer: repo.OfferRow,
  status: 'declined' | 'lapsed' | 'gone',
): Promise<void> {
  await repo.updateOffer(tx, offer.id, { status, answered_at: tx.now });
  if (offer.hold_id) await releaseAppointmentIn(tx, offer.hold_id, 'Waitlist offer not taken');
  await releaseWish(tx, offer.wish_id);
  await tx.audit({
    action: `waitlist.offer_${status}`,
    entityType: 'waitlist_offer',
    entityId: offer.id,
    data: { wishId: offer.wish_id },
  });
}

/** The sweep: offers without a hold whose time passed lapse; wishes whose dates passed expire. */
export async function sweepWaitlist(db: Database): Promise<number> {
  let total = 0;
  for (const clinicId of await activeClinicIds(db)) {
    total += await withClinic(db, clinicId, systemActor, async (tx) => {
      const rows = await repo.lapsedOpenOffers(tx, 200);
      for (const row of rows) await closeOffer(tx, row, 'lapsed');
      const clinic = await repo.clinicFactsOf(tx);
      const expired = await repo.expireWishesBefore(tx, localTimeOf(tx.now, clinic.timeZone).day);
      return rows.length + expired;
    });
  }
  return total;
}

/** The clinic's offer mode and minutes, from its online booking settings. */
async function offerSettingsIn(tx: ClinicTx): Promise<OfferSettings> {
  const s = await bookingSettingsIn(tx);
  return { ...DEFAULT_OFFER_SETTINGS, mode: s.waitlistOfferMode, minutes: s.waitlistOfferMinutes };
}
