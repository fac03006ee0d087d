import { addDays, localTimeOf, MINUTE_MS } from '@cliniclick/time';
import type { Actor, Database } from '../../platform/db/database.ts';
import { newId } from '../../platform/db/ids.ts';
import { type ClinicTx, inSavepoint, withClinic } from '../../platform/db/tenancy.ts';
import { badRequest, notFound } from '../../platform/http/errors.ts';
import type { OutboxSignal } from '../../platform/notify/message.ts';
import { findOrRegisterPatientIn, findPatientIn } from '../patients/index.ts';
import { offeredMinutesIn, placeAppointmentIn, releaseAppointmentIn } from '../scheduling/index.ts';
import { type PartOfDay, PRIORITIES, type WishSource, type WishStatus, wishFits } from './core.ts';
import { sendBooked } from './messages.ts';
import * as repo from './repo.ts';
import type { CreateWishInput, MyWishInput, UpdateWishInput, Wish } from './schema.ts';

/** Wishes: added by staff, the patient panel or the site; edited, raised, withdrawn, booked by hand. */

const priorityOf = (p: (typeof PRIORITIES)[number]) => PRIORITIES.indexOf(p);

async function toWish(tx: ClinicTx, r: repo.WishRow): Promise<Wish> {
  const offers = await repo.offersOfWish(tx, r.id);
  return {
    id: r.id,
    patientId: r.patient_id,
    patientName: r.patient_name,
    patientPhone: r.patient_phone,
    doctorId: r.doctor_id,
    doctorName: r.doctor_name,
    serviceId: r.service_id,
    serviceName: r.service_name,
    serviceNameAr: r.service_name_ar,
    fromDate: r.from_date,
    toDate: r.to_date,
    parts: r.parts,
    priority: PRIORITIES[r.priority] ?? 'normal',
    status: r.status,
    source: r.source,
    note: r.note,
    appointmentId: r.appointment_id,
    createdAt: r.created_at.toISOString(),
    offers: offers.map((o) => ({
      id: o.id,
      status: o.status,
      mode: o.mode,
      startsAt: o.starts_at.toISOString(),
      expiresAt: o.expires_at.toISOString(),
      appointmentId: o.appointment_id,
    })),
  };
}

async function loaded(tx: ClinicTx, id: string): Promise<Wish> {
  const row = await repo.findWish(tx, id);
  if (!row) throw notFound('Wish');
  return toWish(tx, row);
}

/** Doctor and service must be this clinic's (another clinic's ids are 404s); dates in order, not past. */
async function checkWhat(
  tx: ClinicTx,
  w: { doctorId: string | null; serviceId: string | null; fromDate: string; toDate: string },
): Promise<void> {
  if (!w.doctorId && !w.serviceId)
    throw badRequest('validation_failed', 'Choose a doctor, a service, or both', {
      errors: [{ field: 'doctorId', message: 'a doctor or a service is required' }],
    });
  if (w.doctorId && !(await repo.doctorExists(tx, w.doctorId))) throw notFound('Doctor');
  if (w.serviceId && !(await repo.serviceExists(tx, w.serviceId))) throw notFound('Service');
  if (w.fromDate > w.toDate)
    throw badRequest('validation_failed', 'The last day comes before the first', {
      errors: [{ field: 'toDate', message: 'must not be before fromDate' }],
    });
  const { timeZone } = await repo.clinicFactsOf(tx);
  if (w.toDate < localTimeOf(tx.now, timeZone).day)
    throw badRequest('in_the_past', 'These dates have already passed', {
      errors: [{ field: 'toDate', message: 'must not be in the past' }],
    });
}

/** Adds a wish in the caller's transaction (staff, the panel, or the site after its code). */
export async function addWishIn(
  tx: ClinicTx,
  input: MyWishInput & { patientId: string; priority?: number; source: WishSource },
): Promise<string> {
  const w = {
    doctorId: input.doctorId ?? null,
    serviceId: input.serviceId ?? null,
    fromDate: input.fromDate,
    toDate: input.toDate,
  };
  await checkWhat(tx, w);
  const id = newId(tx.now.getTime());
  await repo.insertWish(tx, {
    id,
    patient_id: input.patientId,
    doctor_id: w.doctorId,
    service_id: w.serviceId,
    from_date: w.fromDate,
    to_date: w.toDate,
    parts: [...new Set(input.parts)] as PartOfDay[],
    priority: input.priority ?? 0,
    source: input.source,
    note: input.note ?? null,
    appointment_id: null,
    created_by: tx.actor.userId,
  });
  await tx.audit({
    action: 'waitlist.wish_added',
    entityType: 'waitlist_wish',
    entityId: id,
    data: { ...w, parts: input.parts, source: input.source, patientId: input.patientId },
  });
  return id;
}

export function createWish(
  db: Database,
  clinicId: string,
  actor: Actor,
  input: CreateWishInput,
): Promise<Wish> {
  return withClinic(db, clinicId, actor, async (tx) => {
    let patientId: string;
    if (input.patientId) {
      if (!(await findPatientIn(tx, input.patientId))) throw notFound('Patient');
      patientId = input.patientId;
    } else if (input.patient) {
      patientId = (await findOrRegisterPatientIn(tx, input.patient)).id;
    } else {
      throw badRequest('validation_failed', 'Give patientId or patient', {
        errors: [{ field: 'patientId', message: 'required' }],
      });
    }
    const id = await addWishIn(tx, {
      ...input,
      patientId,
      priority: priorityOf(input.priority),
      source: 'staff',
    });
    return loaded(tx, id);
  });
}

const ACTIVE = ['waiting', 'offered'] as const;

export function listWishes(
  db: Database,
  clinicId: string,
  actor: Actor,
  status: WishStatus | 'active',
): Promise<Wish[]> {
  return withClinic(db, clinicId, actor, async (tx) => {
    const rows = await repo.listWishes(tx, { statuses: status === 'active' ? ACTIVE : [status], limit: 500 });
    return Promise.all(rows.map((r) => toWish(tx, r)));
  });
}

export function getWish(db: Database, clinicId: string, actor: Actor, id: string): Promise<Wish> {
  return withClinic(db, clinicId, actor, (tx) => loaded(tx, id));
}

export function updateWish(
  db: Database,
  clinicId: string,
  actor: Actor,
  id: string,
  input: UpdateWishInput,
): Promise<Wish> {
  return withClinic(db, clinicId, actor, async (tx) => {
    const row = await repo.findWish(tx, id, true);
    if (!row) throw notFound('Wish');
    if (row.status !== 'waiting' && row.status !== 'offered')
      throw badRequest('wish_closed', `This wish is ${row.status}; it cannot change now`);
    const next = {
      doctorId: input.doctorId === undefined ? row.doctor_id : input.doctorId,
      serviceId: input.serviceId === undefined ? row.service_id : input.serviceId,
      fromDate: input.fromDate ?? row.from_date,
      toDate: input.toDate ?? row.to_date,
    };
    await checkWhat(tx, next);
    await repo.updateWish(tx, id, {
      doctor_id: next.doctorId,
      service_id: next.serviceId,
      from_date: next.fromDate,
      to_date: next.toDate,
      ...(input.parts ? { parts: [...new Set(input.parts)] } : {}),
      ...(input.priority ? { priority: priorityOf(input.priority) } : {}),
      ...(input.note !== undefined ? { note: input.note } : {}),
    });
    await tx.audit({
      action:
        input.priority && priorityOf(input.priority) > row.priority
          ? 'waitlist.wish_raised'
          : 'waitlist.wish_changed',
      entityType: 'waitlist_wish',
      entityId: id,
      data: { ...input },
    });
    return loaded(tx, id);
  });
}

/** Withdrawn: open offers close and their holds are released (the time is offered on). */
export async function withdrawWishIn(tx: ClinicTx, row: repo.WishRow): Promise<void> {
  if (row.status !== 'waiting' && row.status !== 'offered')
    throw badRequest('wish_closed', `This wish is ${row.status}; it cannot change now`);
  await repo.updateWish(tx, row.id, { status: 'withdrawn' });
  for (const offer of await repo.offersOfWish(tx, row.id)) {
    if (offer.status !== 'open') continue;
    await repo.updateOffer(tx, offer.id, { status: 'gone', answered_at: tx.now });
    if (offer.hold_id) await releaseAppointmentIn(tx, offer.hold_id, 'Waitlist wish withdrawn');
  }
  await tx.audit({
    action: 'waitlist.wish_withdrawn',
    entityType: 'waitlist_wish',
    entityId: row.id,
    data: {},
  });
}

export function withdrawWish(db: Database, clinicId: string, actor: Actor, id: string): Promise<Wish> {
  return withClinic(db, clinicId, actor, async (tx) => {
    const row = await repo.findWish(tx, id, true);
    if (!row) throw notFound('Wish');
    await withdrawWishIn(tx, row);
    return loaded(tx, id);
  });
}

/** Waiting wishes that fit a free time (for filling it by hand), in queue order. */
export function matchingWishes(
  db: Database,
  clinicId: string,
  actor: Actor,
  q: { doctorId: string; startsAt: string; endsAt: string },
): Promise<Wish[]> {
  return withClinic(db, clinicId, actor, async (tx) => {
    if (!(await repo.doctorExists(tx, q.doctorId))) throw notFound('Doctor');
    const startsAt = new Date(q.startsAt);
    const endsAt = new Date(q.endsAt);
    if (endsAt <= startsAt) throw badRequest('validation_failed', 'The time ends before it starts');
    const { timeZone } = await repo.clinicFactsOf(tx);
    const time = { doctorId: q.doctorId, startsAt, endsAt, timeZone };
    const rows = await repo.waitingWishesFor(tx, q.doctorId, localTimeOf(startsAt, timeZone).day);
    const fits: repo.WishRow[] = [];
    for (const w of rows) {
      if (
        !wishFits(
          {
            doctorId: w.doctor_id,
            serviceId: w.service_id,
            fromDate: w.from_date,
            toDate: w.to_date,
            parts: w.parts,
          },
          time,
        )
      )
        continue;
      if (w.service_id) {
        const minutes = await offeredMinutesIn(tx, q.doctorId, w.service_id);
        if (minutes === null || startsAt.getTime() + minutes * MINUTE_MS > endsAt.getTime()) continue;
      }
      fits.push(w);
    }
    return Promise.all(fits.map((r) => toWish(tx, r)));
  });
}

/** Staff fill a time from the waitlist by hand: a confirmed appointment, the wish booked. */
export function bookWish(
  deps: { db: Database; outbox: OutboxSignal },
  clinicId: string,
  actor: Actor,
  id: string,
  input: { doctorId: string; startsAt: string; serviceId?: string | undefined },
): Promise<Wish> {
  return withClinic(deps.db, clinicId, actor, async (tx) => {
    const row = await repo.findWish(tx, id, true);
    if (!row) throw notFound('Wish');
    if (row.status !== 'waiting' && row.status !== 'offered')
      throw badRequest('wish_closed', `This wish is ${row.status}; it cannot be booked now`);
    const serviceId = input.serviceId ?? row.service_id;
    if (!serviceId)
      throw badRequest('validation_failed', 'Choose the service to book', {
        errors: [{ field: 'serviceId', message: 'required: the wish names no service' }],
      });
    const placed = await inSavepoint(tx, () =>
      placeAppointmentIn(tx, {
        doctorId: input.doctorId,
        serviceId,
        patientId: row.patient_id,
        startsAt: new Date(input.startsAt),
        notes: 'Booked from the waitlist',
      }),
    );
    for (const offer of await repo.offersOfWish(tx, row.id)) {
      if (offer.status !== 'open') continue;
      await repo.updateOffer(tx, offer.id, { status: 'gone', answered_at: tx.now });
      if (offer.hold_id) await releaseAppointmentIn(tx, offer.hold_id, 'Booked from the waitlist by staff');
    }
    await repo.updateWish(tx, row.id, { status: 'booked', appointment_id: placed.id });
    await tx.audit({
      action: 'waitlist.wish_booked',
      entityType: 'waitlist_wish',
      entityId: row.id,
      data: { appointmentId: placed.id, doctorId: input.doctorId, startsAt: placed.startsAt.toISOString() },
    });
    const clinic = await repo.clinicFactsOf(tx);
    await sendBooked(
      tx,
      deps.outbox,
      { phone: row.patient_phone, email: row.patient_email },
      { clinic, doctor: await repo.doctorNameOf(tx, input.doctorId), at: placed.startsAt },
    );
    return loaded(tx, id);
  });
}

/** The patient panel: the signed-in person's own wishes in this clinic. */
async function ownPatientId(tx: ClinicTx): Promise<string> {
  const id = tx.actor.userId ? await repo.patientIdOfUser(tx, tx.actor.userId) : undefined;
  if (!id) throw notFound('Patient record');
  return id;
}

export function myWishes(db: Database, clinicId: string, actor: Actor): Promise<Wish[]> {
  return withClinic(db, clinicId, actor, async (tx) => {
    // A member who is not (yet) this clinic's patient has no wishes: an empty list, as for visits.
    const patientId = tx.actor.userId ? await repo.patientIdOfUser(tx, tx.actor.userId) : undefined;
    if (!patientId) return [];
    const rows = await repo.listWishes(tx, {
      statuses: ['waiting', 'offered', 'booked'],
      patientId,
      limit: 50,
    });
    return Promise.all(rows.map((r) => toWish(tx, r)));
  });
}

export function addMyWish(db: Database, clinicId: string, actor: Actor, input: MyWishInput): Promise<Wish> {
  return withClinic(db, clinicId, actor, async (tx) => {
    const patientId = await ownPatientId(tx);
    const id = await addWishIn(tx, { ...input, patientId, source: 'patient' });
    return loaded(tx, id);
  });
}

export function withdrawMyWish(db: Database, clinicId: string, actor: Actor, id: string): Promise<Wish> {
  return withClinic(db, clinicId, actor, async (tx) => {
    const patientId = await ownPatientId(tx);
    const row = await repo.findWish(tx, id, true);
    // Someone else's wish is as unknown as a missing one.
    if (!row || row.patient_id !== patientId) throw notFound('Wish');
    await withdrawWishIn(tx, row);
    return loaded(tx, id);
  });
}

/** The demo's waitlist: two patients waiting for next week (does nothing once the clinic has wishes). */
export function seedWaitlistDemo(db: Database, clinicId: string, patientId: string): Promise<void> {
  return withClinic(db, clinicId, { kind: 'system', userId: null }, async (tx) => {
    if ((await repo.listWishes(tx, { statuses: ACTIVE, limit: 1 })).length > 0) return;
    const serviceId = await repo.firstServiceId(tx);
    if (!serviceId) return;
    const { timeZone } = await repo.clinicFactsOf(tx);
    const today = localTimeOf(tx.now, timeZone).day;
    const week = { fromDate: today, toDate: addDays(today, 14) };
    await addWishIn(tx, { ...week, serviceId, parts: ['morning'], patientId, source: 'staff' });
    const other = await findOrRegisterPatientIn(tx, { fullName: 'Sami Nasser', phone: '+15555550210' });
    await addWishIn(tx, {
      ...week,
      serviceId,
      parts: [],
      patientId: other.id,
      priority: 2,
      source: 'staff',
      note: 'Pain: first free time',
    });
  });
}
