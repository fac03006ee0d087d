import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { newId } from '../db/ids.ts';
import { withGlobal } from '../db/tenancy.ts';
import { AppError, badRequest, tooManyRequests } from '../http/errors.ts';
import { enqueueMessage, type OutboxSignal } from '../notify/message.ts';
import { equalBytes, hmac, sixDigitCode } from './crypto.ts';
import { normalizePhone } from './phone.ts';
import { hit } from './rate-limit.ts';
import { type ClientMeta, createSession, type IssuedSession } from './sessions.ts';
import { findOrCreatePhoneUser } from './users.ts';

export const OTP_TTL_SECONDS = 5 * 60;
export const OTP_MAX_ATTEMPTS = 5;
export const OTP_RESEND_COOLDOWN_SECONDS = 60;
const PER_PHONE = { max: 5, windowSeconds: 60 * 60 };
const PER_IP = { max: 20, windowSeconds: 60 * 60 };
const VERIFY_PER_IP = { max: 60, windowSeconds: 60 * 60 };

interface OtpDeps {
  db: Database;
  outbox: OutboxSignal;
  appSecret: string;
}

/** Codes are stored as an HMAC keyed by the server secret and bound to the challenge. */
function codeHash(secret: string, challengeId: string, code: string): Buffer {
  return hmac(secret, `otp:${challengeId}:${code}`);
}

export async function requestOtp(
  deps: OtpDeps,
  rawPhone: string,
  meta: ClientMeta,
): Promise<{ phone: string; expiresAt: Date; resendAfterSeconds: number }> {
  const phone = normalizePhone(rawPhone);
  return withGlobal(deps.db, { kind: 'public', userId: null, ip: meta.ip }, async (tx) => {
    const ipState = await hit(tx, { key: `otp:ip:${meta.ip ?? 'unknown'}`, ...PER_IP });
    if (!ipState.allowed) {
      throw tooManyRequests(
        'too_many_requests',
        'Too many codes requested; try again later',
        ipState.retryAfter,
      );
    }
    // Requests for one phone take turns, so the cooldown below cannot be raced past.
    await sql`select pg_advisory_xact_lock(hashtextextended(${`otp:${phone}`}, 0))`.execute(tx.db);
    const last = await tx.db
      .selectFrom('otp_challenges')
      .select('created_at')
      .where('phone', '=', phone)
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (last) {
      const wait =
        OTP_RESEND_COOLDOWN_SECONDS - Math.floor((tx.now.getTime() - last.created_at.getTime()) / 1000);
      if (wait > 0)
        throw tooManyRequests('otp_cooldown', `Wait ${wait} seconds before asking for a new code`, wait);
    }
    const phoneState = await hit(tx, { key: `otp:phone:${phone}`, ...PER_PHONE });
    if (!phoneState.allowed) {
      throw tooManyRequests(
        'too_many_requests',
        'Too many codes sent to this number; try again later',
        phoneState.retryAfter,
      );
    }
    // A new code replaces any earlier one.
    await tx.db
      .updateTable('otp_challenges')
      .set({ consumed_at: tx.now })
      .where('phone', '=', phone)
      .where('consumed_at', 'is', null)
      .execute();
    const id = newId(tx.now.getTime());
    const code = sixDigitCode();
    const expiresAt = new Date(tx.now.getTime() + OTP_TTL_SECONDS * 1000);
    await tx.db
      .insertInto('otp_challenges')
      .values({
        id,
        phone,
        code_hash: codeHash(deps.appSecret, id, code),
        created_at: tx.now,
        expires_at: expiresAt,
        ip: meta.ip ?? null,
      })
      .execute();
    await enqueueMessage(tx, deps.outbox, {
      channel: 'sms',
      to: phone,
      body: `Your Cliniclick code is ${code}. It expires in 5 minutes. Never share it.`,
    });
    return { phone, expiresAt, resendAfterSeconds: OTP_RESEND_COOLDOWN_SECONDS };
  });
}

const invalidCode = (attemptsLeft: number) =>
  badRequest('otp_invalid', 'That code is not right; check the SMS and try again', { attemptsLeft });

/**
 * Checks a code. Each try spends an attempt before the comparison (so parallel guesses are
 * counted too), and a matching code is consumed atomically, so it signs in once.
 */
export async function verifyOtp(
  deps: OtpDeps,
  rawPhone: string,
  code: string,
  meta: ClientMeta,
): Promise<{ session: IssuedSession; userId: string; created: boolean }> {
  const phone = normalizePhone(rawPhone);
  const outcome = await withGlobal(deps.db, { kind: 'public', userId: null, ip: meta.ip }, async (tx) => {
    const ipState = await hit(tx, { key: `otp-verify:ip:${meta.ip ?? 'unknown'}`, ...VERIFY_PER_IP });
    if (!ipState.allowed) {
      return {
        error: tooManyRequests('too_many_requests', 'Too many tries; try again later', ipState.retryAfter),
      };
    }
    const challenge = await tx.db
      .selectFrom('otp_challenges')
      .select(['id', 'expires_at', 'consumed_at'])
      .where('phone', '=', phone)
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!challenge || challenge.consumed_at) {
      return { error: badRequest('otp_expired', 'This code is no longer valid; ask for a new one') };
    }
    if (challenge.expires_at.getTime() <= tx.now.getTime()) {
      return { error: badRequest('otp_expired', 'This code has expired; ask for a new one') };
    }
    const spent = await tx.db
      .updateTable('otp_challenges')
      .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
      .where('id', '=', challenge.id)
      .where('attempts', '<', OTP_MAX_ATTEMPTS)
      .where('consumed_at', 'is', null)
      .returning(['attempts', 'code_hash'])
      .executeTakeFirst();
    if (!spent) {
      // Either the code was just used by a concurrent verify, or its attempts are spent.
      const now = await tx.db
        .selectFrom('otp_challenges')
        .select('consumed_at')
        .where('id', '=', challenge.id)
        .executeTakeFirst();
      if (now?.consumed_at) {
        return { error: badRequest('otp_expired', 'This code was already used; ask for a new one') };
      }
      return {
        error: new AppError(429, 'otp_locked', 'Too many wrong codes; ask for a new one', {
          attemptsLeft: 0,
        }),
      };
    }
    const ok =
      /^\d{6}$/.test(code) && equalBytes(spent.code_hash, codeHash(deps.appSecret, challenge.id, code));
    if (!ok) return { error: invalidCode(OTP_MAX_ATTEMPTS - spent.attempts) };
    const consumed = await tx.db
      .updateTable('otp_challenges')
      .set({ consumed_at: tx.now })
      .where('id', '=', challenge.id)
      .where('consumed_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!consumed)
      return { error: badRequest('otp_expired', 'This code was already used; ask for a new one') };
    const { userId, created } = await findOrCreatePhoneUser(tx, phone, { verified: true });
    const session = await createSession(tx, userId, 'otp', meta);
    return { session, userId, created };
  });
  // Failed attempts must be counted, so the transaction commits and the error is thrown after.
  if ('error' in outcome) throw outcome.error;
  return outcome;
}
