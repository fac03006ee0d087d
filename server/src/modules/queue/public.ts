import { sha256 } from '../../platform/auth/crypto.ts';
import { normalizePhone } from '../../platform/auth/phone.ts';
import { hit, peek } from '../../platform/auth/rate-limit.ts';
import { withClinic, withGlobal } from '../../platform/db/tenancy.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { findSiteClinic } from '../site/index.ts';
import type { Deps } from './actions.ts';
import { joinQueue, todaysJoinable } from './check-in.ts';
import { checkInPageOf, clinicOfToken, deskCodeOf, ticketTokenOf, ticketUrlOf } from './codes.ts';
import { initialsOf, lineOf } from './core.ts';
import * as repo from './repo.ts';
import { dayView, todayOf } from './view.ts';

/** What needs no sign-in: the waiting-room screen, the patient's ticket page, self check-in at the desk code. */

const publicActor = (ip: string | undefined) =>
  ({ kind: 'public', userId: null, ...(ip ? { ip } : {}) }) as const;

/** The waiting-room screen's data: tickets, initials and doctors' names only. 404 once revoked. */
export async function displayBoard(deps: Deps, token: string) {
  const clinicId = clinicOfToken(token);
  if (!clinicId) throw notFound('Display');
  const found = await withClinic(deps.db, clinicId, publicActor(undefined), async (tx) => {
    const clinic = await repo.clinicFactsOf(tx);
    const display = clinic?.active ? await repo.liveDisplayByToken(tx, sha256(token)) : undefined;
    if (!clinic || !display) return undefined;
    const today = todayOf(tx.now, clinic.timeZone);
    const view = await dayView(tx, today, today);
    const line = lineOf(view.rows.map((r) => ({ ...r, calledAt: r.called_at, arrivedAt: r.arrived_at })));
    const byId = new Map(view.rows.map((r) => [r.id, r]));
    return {
      clinicId: tx.clinicId,
      clinicName: clinic.name,
      timeZone: clinic.timeZone,
      chime: display.chime,
      checkInCode: deskCodeOf(deps.settings.appSecret, tx.clinicId, today),
      checkInUrl: checkInPageOf(deps.settings.publicUrl, clinic.slug),
      called: view.rows
        .filter((r) => r.state === 'called')
        .sort((a, b) => (b.called_at?.getTime() ?? 0) - (a.called_at?.getTime() ?? 0))
        .map((r) => ({
          ticket: r.ticket,
          doctorName: r.doctor_name,
          calledAt: (r.called_at ?? r.updated_at).toISOString(),
        })),
      inConsultation: view.rows
        .filter((r) => r.state === 'in_consultation')
        .map((r) => ({ ticket: r.ticket, doctorName: r.doctor_name })),
      waiting: line
        .filter((e) => e.state === 'waiting')
        .map((e) => byId.get(e.id) as repo.EntryRow)
        .map((r) => ({ ticket: r.ticket, initials: initialsOf(r.patient_name), doctorName: r.doctor_name })),
    };
  });
  if (!found) throw notFound('Display');
  return found;
}

/** The patient's ticket page. 404 for any token that is not a ticket's. */
export async function ticketPage(deps: Deps, token: string) {
  const clinicId = clinicOfToken(token);
  if (!clinicId) throw notFound('Ticket');
  const found = await withClinic(deps.db, clinicId, publicActor(undefined), async (tx) => {
    const clinic = await repo.clinicFactsOf(tx);
    const row = clinic ? await repo.entryByToken(tx, sha256(token)) : undefined;
    if (!clinic || !row) return undefined;
    const view = await dayView(tx, row.day, todayOf(tx.now, clinic.timeZone), row.doctor_id);
    const s = view.standing.get(row.id);
    const fresh = view.rows.find((r) => r.id === row.id) ?? row;
    const inLine = fresh.state === 'waiting' || fresh.state === 'called';
    const at = inLine ? (s?.estimatedStartAt ?? null) : null;
    return {
      clinicId: tx.clinicId,
      entryId: row.id,
      clinicName: clinic.name,
      ticket: row.ticket,
      state: fresh.state,
      position: s?.position ?? null,
      peopleAhead: s?.peopleAhead ?? null,
      estimatedStartAt: at?.toISOString() ?? null,
      estimatedWaitMinutes: at ? Math.max(0, Math.round((at.getTime() - tx.now.getTime()) / 60_000)) : null,
      doctorName: row.doctor_name,
    };
  });
  if (!found) throw notFound('Ticket');
  return found;
}

/** Wrong desk codes or phones a connection and a phone may send per hour. */
export const SELF_CHECK_IN_LIMITS = { failuresPerIp: 10, failuresPerPhone: 5, windowSeconds: 3600 } as const;

async function countFailure(deps: Deps, ip: string, phone: string | null): Promise<void> {
  await withGlobal(deps.db, { kind: 'public', userId: null, ip }, async (tx) => {
    const w = SELF_CHECK_IN_LIMITS.windowSeconds;
    await hit(tx, {
      key: `queue:check-in:ip:${ip}`,
      max: SELF_CHECK_IN_LIMITS.failuresPerIp,
      windowSeconds: w,
    });
    if (phone)
      await hit(tx, {
        key: `queue:check-in:phone:${phone}`,
        max: SELF_CHECK_IN_LIMITS.failuresPerPhone,
        windowSeconds: w,
      });
  });
}

async function refuseIfLimited(deps: Deps, ip: string, phone: string): Promise<void> {
  const limited = await withGlobal(deps.db, { kind: 'public', userId: null, ip }, async (tx) => {
    const w = SELF_CHECK_IN_LIMITS.windowSeconds;
    const a = await peek(tx, {
      key: `queue:check-in:ip:${ip}`,
      max: SELF_CHECK_IN_LIMITS.failuresPerIp - 1,
      windowSeconds: w,
    });
    const b = await peek(tx, {
      key: `queue:check-in:phone:${phone}`,
      max: SELF_CHECK_IN_LIMITS.failuresPerPhone - 1,
      windowSeconds: w,
    });
    return !a.allowed ? a.retryAfter : !b.allowed ? b.retryAfter : 0;
  });
  if (limited > 0)
    throw new AppError(429, 'rate_limited', 'Too many wrong tries; ask at the desk', { retryAfter: limited });
}

/**
 * Self check-in with the desk's code of the day and the phone of today's appointment; answers the
 * ticket's address. Wrong codes and unknown phones count against the connection and the phone.
 */
export async function checkInAtDesk(
  deps: Deps,
  slug: string,
  input: { phone: string; code: string },
  ip: string,
): Promise<{ ticketUrl: string }> {
  const site = await findSiteClinic(deps.db, slug);
  if (!site) throw notFound('Clinic');
  const phone = normalizePhone(input.phone);
  await refuseIfLimited(deps, ip, phone);
  const outcome = await withClinic(deps.db, site.id, publicActor(ip), async (tx) => {
    const clinic = await repo.clinicFactsOf(tx);
    if (!clinic?.active) return 'no_clinic' as const;
    const today = todayOf(tx.now, clinic.timeZone);
    if (input.code.trim() !== deskCodeOf(deps.settings.appSecret, tx.clinicId, today))
      return 'wrong_code' as const;
    const patients = new Set(await repo.patientIdsByPhone(tx, phone));
    const appointment = (await todaysJoinable(tx, clinic)).find((a) => patients.has(a.patient_id));
    if (!appointment) return 'no_appointment' as const;
    const row = await joinQueue(tx, deps, clinic, appointment, 'self');
    return {
      ticketUrl: ticketUrlOf(
        deps.settings.publicUrl,
        ticketTokenOf(deps.settings.appSecret, tx.clinicId, row.id),
      ),
    };
  });
  if (outcome === 'no_clinic') throw notFound('Clinic');
  if (outcome === 'wrong_code') {
    await countFailure(deps, ip, phone);
    throw new AppError(
      400,
      'wrong_code',
      'This is not today’s code: read it again from the screen at the desk',
      {
        errors: [{ field: 'code', message: 'not today’s code' }],
      },
    );
  }
  if (outcome === 'no_appointment') {
    await countFailure(deps, ip, phone);
    throw new AppError(
      404,
      'no_appointment_today',
      'We found no appointment today for this phone number: ask at the desk',
    );
  }
  return outcome;
}
