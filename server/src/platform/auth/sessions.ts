import { sql } from 'kysely';
import { type Database, systemActor } from '../db/database.ts';
import { newId } from '../db/ids.ts';
import type { ClinicRole } from '../db/schema.ts';
import { type GlobalTx, withClinic, withGlobal } from '../db/tenancy.ts';
import { AppError, tooManyRequests } from '../http/errors.ts';
import { hmac, newToken, sha256 } from './crypto.ts';
import { hit } from './rate-limit.ts';
import type { SessionCache } from './session-cache.ts';
import type { Authenticated, ClinicMembership } from './types.ts';

export type { Authenticated, ClinicMembership };

/** A session ends after this long without use… */
export const IDLE_TTL_MS = 24 * 60 * 60 * 1000;
/** …and after this long in any case. */
export const ABSOLUTE_TTL_MS = 14 * 24 * 60 * 60 * 1000;
/** A client refreshes its token now and then, not in a loop. */
const REFRESH_LIMIT = { max: 60, windowSeconds: 60 * 60 };
/** Sliding the idle expiry costs a write; do it at most this often per session. */
const TOUCH_EVERY_MS = 60 * 1000;

export type SessionMethod = 'password' | 'otp' | 'invitation';

export interface IssuedSession {
  token: string;
  sessionId: string;
  expiresAt: Date;
}

export interface ClientMeta {
  ip?: string | undefined;
  userAgent?: string | undefined;
}

export async function createSession(
  tx: GlobalTx,
  userId: string,
  method: SessionMethod,
  meta: ClientMeta,
  opts: { mfa?: boolean } = {},
): Promise<IssuedSession> {
  const token = newToken();
  const id = newId(tx.now.getTime());
  const expiresAt = new Date(tx.now.getTime() + ABSOLUTE_TTL_MS);
  await tx.db
    .insertInto('sessions')
    .values({
      id,
      user_id: userId,
      token_hash: sha256(token),
      method,
      created_at: tx.now,
      last_seen_at: tx.now,
      expires_at: expiresAt,
      idle_expires_at: new Date(tx.now.getTime() + IDLE_TTL_MS),
      ip: meta.ip ?? null,
      user_agent: meta.userAgent?.slice(0, 400) ?? null,
      mfa_at: opts.mfa ? tx.now : null,
    })
    .execute();
  return { token, sessionId: id, expiresAt };
}

const sessionExpired = () => new AppError(401, 'session_expired', 'Your session has ended; sign in again');
const invalidToken = () => new AppError(401, 'invalid_token', 'This sign-in is not valid');

/**
 * Resolves a presented token to its user, or throws 401. With `clinicId`, the same single query
 * also reads the user's active roles in that clinic (under that clinic's RLS scope), so a clinic
 * route costs one transaction for authentication and authorisation together.
 * A token that was rotated away and is presented again is treated as stolen: its successors are
 * revoked too (committed before the 401 is thrown).
 */
export async function authenticate(
  db: Database,
  token: string,
  clinicId: string | null = null,
  cache?: SessionCache,
): Promise<{ auth: Authenticated; clinic: ClinicMembership | null }> {
  if (token.length < 20 || token.length > 200) throw invalidToken();
  const hash = sha256(token);
  const key = `${hash.toString('base64')}|${clinicId ?? ''}`;
  const cached = cache?.get(key);
  if (cached) return { auth: cached.auth, clinic: cached.clinic };
  const generation = cache?.generation ?? 0;
  const lookup = async (tx: GlobalTx) => {
    const rows = await tx.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .$if(clinicId !== null, (qb) =>
        qb
          .leftJoin('memberships', (j) =>
            j
              .onRef('memberships.user_id', '=', 'sessions.user_id')
              .on('memberships.clinic_id', '=', clinicId!)
              .on('memberships.status', '=', 'active'),
          )
          .leftJoin('clinics', 'clinics.id', 'memberships.clinic_id')
          .select([
            'memberships.role',
            'clinics.slug as clinic_slug',
            'clinics.status as clinic_status',
            'clinics.time_zone as clinic_time_zone',
            'clinics.currency as clinic_currency',
            'clinics.staff_mfa_required as clinic_staff_mfa_required',
          ]),
      )
      .select([
        'sessions.id',
        'sessions.expires_at',
        'sessions.idle_expires_at',
        'sessions.last_seen_at',
        'sessions.revoked_at',
        'sessions.revoked_reason',
        'sessions.replaced_by',
        'sessions.mfa_at',
        'users.id as user_id',
        'users.name',
        'users.locale',
        'users.platform_role',
        'users.status',
      ])
      // The app role cannot read token hashes (migration 0006): it asks which session has this one.
      .where('sessions.id', '=', sql<string>`session_id_by_token(${hash})`)
      .execute();
    const row = rows[0];
    if (!row) return { error: invalidToken() };
    if (row.revoked_at) {
      if (row.revoked_reason === 'rotated' && row.replaced_by)
        await revokeChain(tx, row.replaced_by, 'reused_token');
      return { error: new AppError(401, 'session_revoked', 'This session was signed out; sign in again') };
    }
    const now = tx.now.getTime();
    if (row.expires_at.getTime() <= now || row.idle_expires_at.getTime() <= now)
      return { error: sessionExpired() };
    if (row.status !== 'active')
      return { error: new AppError(401, 'account_disabled', 'This account is disabled') };
    let idleExpiresAt = row.idle_expires_at.getTime();
    if (now - row.last_seen_at.getTime() >= TOUCH_EVERY_MS) {
      idleExpiresAt = Math.min(now + IDLE_TTL_MS, row.expires_at.getTime());
      await tx.db
        .updateTable('sessions')
        .set({
          last_seen_at: tx.now,
          idle_expires_at: new Date(idleExpiresAt),
        })
        .where('id', '=', row.id)
        .execute();
    }
    const auth: Authenticated = {
      sessionId: row.id,
      expiresAt: row.expires_at,
      mfa: row.mfa_at !== null,
      user: { id: row.user_id, name: row.name, locale: row.locale, platformRole: row.platform_role },
    };
    const withRole = rows as Array<
      (typeof rows)[number] & {
        role?: ClinicRole | null;
        clinic_slug?: string | null;
        clinic_status?: 'active' | 'suspended' | null;
        clinic_time_zone?: string | null;
        clinic_currency?: string | null;
        clinic_staff_mfa_required?: boolean | null;
      }
    >;
    const first = withRole[0]!;
    const clinic: ClinicMembership | null =
      clinicId && first.role
        ? {
            id: clinicId,
            slug: first.clinic_slug!,
            status: first.clinic_status!,
            timeZone: first.clinic_time_zone!,
            currency: first.clinic_currency!,
            staffMfaRequired: first.clinic_staff_mfa_required === true,
            roles: withRole.map((r) => r.role!),
          }
        : null;
    return { auth, clinic, expiresAt: row.expires_at.getTime(), idleExpiresAt };
  };
  const result = clinicId
    ? await withClinic(db, clinicId, systemActor, lookup)
    : await withGlobal(db, systemActor, lookup);
  if ('error' in result) throw result.error;
  // "Not a member here" is not cached: probing random clinic ids must not push out real entries.
  if (!clinicId || result.clinic) cache?.set(key, result, generation);
  return { auth: result.auth, clinic: result.clinic };
}

/** Swaps a live session for a new token; the old token stops working at once. */
export async function rotateSession(
  db: Database,
  current: Authenticated,
  meta: ClientMeta,
): Promise<IssuedSession> {
  const outcome = await withGlobal(db, { kind: 'user', userId: current.user.id }, async (tx) => {
    // Each rotation revokes a session, which clears every instance's session cache: keep it rare.
    const limit = await hit(tx, { key: `refresh:${current.user.id}`, ...REFRESH_LIMIT });
    if (!limit.allowed) return { limited: true as const, retryAfter: limit.retryAfter };
    const old = await tx.db
      .selectFrom('sessions')
      .select(['method', 'expires_at', 'mfa_at'])
      .where('id', '=', current.sessionId)
      .where('revoked_at', 'is', null)
      .forUpdate()
      .executeTakeFirst();
    if (!old) throw new AppError(401, 'session_revoked', 'This session was signed out; sign in again');
    const next = await createSession(tx, current.user.id, old.method, meta);
    // A rotation never extends the absolute lifetime, and keeps the second factor it had passed.
    await tx.db
      .updateTable('sessions')
      .set({ expires_at: old.expires_at, mfa_at: old.mfa_at })
      .where('id', '=', next.sessionId)
      .execute();
    await tx.db
      .updateTable('sessions')
      .set({ revoked_at: tx.now, revoked_reason: 'rotated', replaced_by: next.sessionId })
      .where('id', '=', current.sessionId)
      .execute();
    return { limited: false as const, session: { ...next, expiresAt: old.expires_at } };
  });
  if (outcome.limited) {
    throw tooManyRequests(
      'too_many_requests',
      'Too many session refreshes; try again later',
      outcome.retryAfter,
    );
  }
  return outcome.session;
}

export async function revokeSession(db: Database, sessionId: string, reason: string): Promise<void> {
  await withGlobal(db, { kind: 'system', userId: null }, async (tx) => {
    await tx.db
      .updateTable('sessions')
      .set({ revoked_at: tx.now, revoked_reason: reason })
      .where('id', '=', sessionId)
      .where('revoked_at', 'is', null)
      .execute();
  });
}

/** Signs the user out everywhere (e.g. when the mailbox's real holder claims the account); returns how many. */
export async function revokeAllSessions(
  tx: GlobalTx,
  userId: string,
  reason: string,
  exceptSessionId?: string,
): Promise<number> {
  const revoked = await tx.db
    .updateTable('sessions')
    .set({ revoked_at: tx.now, revoked_reason: reason })
    .where('user_id', '=', userId)
    .$if(exceptSessionId !== undefined, (q) => q.where('id', '<>', exceptSessionId!))
    .where('revoked_at', 'is', null)
    .returning('id')
    .execute();
  return revoked.length;
}

/** Signs the user out everywhere but `keepSessionId` (their current session); returns how many. */
export function revokeOtherSessions(
  tx: GlobalTx,
  userId: string,
  keepSessionId: string,
  reason: string,
): Promise<number> {
  return revokeAllSessions(tx, userId, reason, keepSessionId);
}

export interface LiveSession {
  id: string;
  method: SessionMethod;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  ip: string | null;
  userAgent: string | null;
}

/** The user's sessions that still work (not signed out, not expired), most recently used first. */
export async function listLiveSessions(tx: GlobalTx, userId: string): Promise<LiveSession[]> {
  const rows = await tx.db
    .selectFrom('sessions')
    .select([
      'id',
      'method',
      'created_at',
      'last_seen_at',
      'expires_at',
      'idle_expires_at',
      'ip',
      'user_agent',
    ])
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', tx.now)
    .where('idle_expires_at', '>', tx.now)
    .orderBy('last_seen_at', 'desc')
    .orderBy('id', 'desc')
    .limit(200)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    method: r.method,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    expiresAt: new Date(Math.min(r.expires_at.getTime(), r.idle_expires_at.getTime())),
    ip: r.ip,
    userAgent: r.user_agent,
  }));
}

/**
 * Signs out one of the user's own live sessions. Another user's session, or one already ended,
 * is not found (false): a session id says nothing about anyone else.
 */
export async function revokeOwnSession(
  tx: GlobalTx,
  userId: string,
  sessionId: string,
  reason: string,
): Promise<boolean> {
  const row = await tx.db
    .updateTable('sessions')
    .set({ revoked_at: tx.now, revoked_reason: reason })
    .where('id', '=', sessionId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', tx.now)
    .where('idle_expires_at', '>', tx.now)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

async function revokeChain(tx: GlobalTx, sessionId: string, reason: string): Promise<void> {
  let id: string | null = sessionId;
  for (let hops = 0; id && hops < 100; hops++) {
    const row: { replaced_by: string | null } | undefined = await tx.db
      .updateTable('sessions')
      .set({ revoked_at: tx.now, revoked_reason: reason })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .returning('replaced_by')
      .executeTakeFirst();
    if (row) break;
    const prior: { replaced_by: string | null } | undefined = await tx.db
      .selectFrom('sessions')
      .select('replaced_by')
      .where('id', '=', id)
      .executeTakeFirst();
    id = prior?.replaced_by ?? null;
  }
}

/** The CSRF token is bound to the session: an attacker cannot mint one for the victim's session. */
export function csrfTokenFor(secret: string, sessionId: string): string {
  return hmac(secret, `csrf:${sessionId}`).toString('base64url');
}
