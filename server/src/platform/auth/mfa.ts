import type { Actor, Database } from '../db/database.ts';
import { type GlobalTx, withGlobal } from '../db/tenancy.ts';
import { AppError, badRequest, conflict, tooManyRequests } from '../http/errors.ts';
import { auditAccountChange } from './account-audit.ts';
import { type PasswordAccount, readPasswordAccount } from './credentials.ts';
import { newToken, sha256, verifyPassword } from './crypto.ts';
import { LOCKOUT_FAILURES, LOCKOUT_WINDOW_SECONDS, LOGIN_PER_IP, lockedOut } from './lockout.ts';
import {
  claimStep,
  consumeChallenge,
  countChallengeAttempt,
  deleteMfa,
  insertChallenge,
  markSessionMfa,
  putPendingSecret,
  readMfaState,
  readSealedSecret,
  replaceRecoveryCodes,
  unusedRecoveryCodeHashes,
  unusedRecoveryCodes,
  useRecoveryCode,
} from './mfa-repo.ts';
import { noPassword } from './password-change.ts';
import { hit, reset } from './rate-limit.ts';
import { type ClientMeta, createSession, type IssuedSession, revokeOtherSessions } from './sessions.ts';
import {
  hashRecoveryCode,
  matchRecoveryCode,
  type NewAuthenticator,
  newAuthenticator,
  newRecoveryCodes,
  normalizeRecoveryCode,
  openSecret,
  sealSecret,
  totpStep,
} from './totp.ts';
import type { Authenticated } from './types.ts';

/** The second step of a sign-in lasts this long and allows this many codes. */
export const CHALLENGE_TTL_MS = 5 * 60 * 1000;
export const CHALLENGE_ATTEMPTS = 5;

export interface MfaDeps {
  db: Database;
  appSecret: string;
}

type Meta = { ip?: string | undefined; requestId?: string | undefined };

export const codeInvalid = () =>
  badRequest('mfa_code_invalid', 'The code is not right; check the time on your phone and try again', {
    errors: [{ field: 'code', message: 'The code is not right' }],
  });
const codeUsed = () =>
  badRequest('mfa_code_used', 'This code was used already; wait for the next one', {
    errors: [{ field: 'code', message: 'This code was used already' }],
  });
export const challengeInvalid = () =>
  new AppError(401, 'mfa_challenge_invalid', 'This sign-in has expired; enter your email and password again');
const notEnabled = () => conflict('mfa_not_enabled', 'Two-step sign-in is not on for this account');

const actorOf = (userId: string, meta: Meta): Actor => ({
  kind: 'user',
  userId,
  ip: meta.ip,
  requestId: meta.requestId,
});

/** Is two-step sign-in on for the account (a confirmed authenticator)? */
export async function mfaEnabled(tx: GlobalTx, userId: string): Promise<boolean> {
  return Boolean((await readMfaState(tx, userId))?.confirmedAt);
}

export async function mfaStatus(
  db: Database,
  userId: string,
): Promise<{ enabled: boolean; enabledAt: Date | null; recoveryCodesLeft: number }> {
  return withGlobal(db, { kind: 'user', userId }, async (tx) => {
    const state = await readMfaState(tx, userId);
    const enabledAt = state?.confirmedAt ?? null;
    return {
      enabled: enabledAt !== null,
      enabledAt,
      recoveryCodesLeft: enabledAt ? await unusedRecoveryCodes(tx, userId) : 0,
    };
  });
}

/** An account that may use TOTP: staff and admins, who sign in with email and password. */
async function passwordAccount(
  db: Database,
  userId: string,
): Promise<PasswordAccount & { passwordHash: string }> {
  const account = await withGlobal(db, { kind: 'user', userId }, (tx) => readPasswordAccount(tx, userId));
  if (!account?.passwordHash) throw noPassword();
  return { ...account, passwordHash: account.passwordHash };
}

/**
 * Counts an attempt at a secret (password or code) toward the account's sign-in lockout before it
 * is checked, as sign-in does; a success resets it.
 */
async function countAttempt(db: Database, actor: Actor, email: string): Promise<string> {
  const key = `login-fail:${email}`;
  const fails = await withGlobal(db, actor, (tx) =>
    hit(tx, { key, max: LOCKOUT_FAILURES, windowSeconds: LOCKOUT_WINDOW_SECONDS }),
  );
  if (!fails.allowed) throw lockedOut(fails.retryAfter);
  return key;
}

/** What a typed code is compared with, read in one transaction. */
interface Factor {
  /** The TOTP key, for six digits. */
  secret: string | null;
  /** The unused recovery codes' hashes, for anything else. */
  recovery: Array<{ id: string; hash: string }>;
  nowMs: number;
}

type Match = { kind: 'totp'; step: number } | { kind: 'recovery'; id: string };

async function loadFactor(tx: GlobalTx, appSecret: string, userId: string, code: string): Promise<Factor> {
  const totp = /^\d{6}$/.test(code.trim());
  const sealed = totp ? await readSealedSecret(tx, userId) : null;
  return {
    secret: sealed ? openSecret(appSecret, userId, sealed) : null,
    recovery: totp ? [] : await unusedRecoveryCodeHashes(tx, userId),
    nowMs: tx.now.getTime(),
  };
}

/**
 * Which factor the code is: six digits are a TOTP code (this step or one either side), anything
 * else is compared with the recovery codes (argon2, outside any transaction). Throws when neither.
 */
async function matchFactor(factor: Factor, code: string): Promise<Match> {
  const typed = code.trim();
  if (factor.secret) {
    const step = totpStep(factor.secret, typed, factor.nowMs);
    if (step !== null) return { kind: 'totp', step };
  } else {
    const id = await matchRecoveryCode(factor.recovery, typed);
    if (id) return { kind: 'recovery', id };
  }
  throw codeInvalid();
}

/**
 * Uses the matched factor up in `tx`: the TOTP step (never accepted twice, nor an older one) or the
 * recovery code. Throws, rolling `tx` back, when another request used it first.
 */
async function spendFactor(tx: GlobalTx, userId: string, match: Match): Promise<void> {
  if (match.kind === 'totp') {
    if (!(await claimStep(tx, userId, match.step))) throw codeUsed();
  } else if (!(await useRecoveryCode(tx, match.id))) {
    throw codeInvalid();
  }
}

/** Ten new recovery codes and their hashes (made before any transaction: argon2 takes a while). */
async function newRecoverySet(): Promise<{ codes: string[]; hashes: string[] }> {
  const codes = newRecoveryCodes();
  const hashes = await Promise.all(codes.map((c) => hashRecoveryCode(normalizeRecoveryCode(c)!)));
  return { codes, hashes };
}

/**
 * Enrolment, step 1: a new key for the account, not in force until a code from it is confirmed.
 * Starting again replaces a key that was never confirmed; a confirmed one must be turned off first.
 */
export async function beginEnrolment(
  deps: MfaDeps,
  auth: Authenticated,
  meta: Meta,
): Promise<NewAuthenticator> {
  const userId = auth.user.id;
  const account = await passwordAccount(deps.db, userId);
  const authenticator = newAuthenticator(account.email);
  const sealed = sealSecret(deps.appSecret, userId, authenticator.secret);
  const stored = await withGlobal(deps.db, actorOf(userId, meta), (tx) =>
    putPendingSecret(tx, userId, sealed),
  );
  if (!stored)
    throw conflict(
      'mfa_already_enabled',
      'Two-step sign-in is already on; turn it off first to change phones',
    );
  return authenticator;
}

/**
 * Enrolment, step 2: a right code from the new key turns two-step sign-in on. This session counts
 * as having passed it; every other session of the account is signed out (none of them has). The
 * ten recovery codes are answered here once and kept only as hashes.
 */
export async function confirmEnrolment(
  deps: MfaDeps,
  auth: Authenticated,
  code: string,
  meta: Meta,
): Promise<{ recoveryCodes: string[]; otherSessionsSignedOut: number }> {
  const userId = auth.user.id;
  const actor = actorOf(userId, meta);
  const account = await passwordAccount(deps.db, userId);
  const lockKey = await countAttempt(deps.db, actor, account.email);
  const recovery = await newRecoverySet();
  const out = await withGlobal(deps.db, actor, async (tx) => {
    const state = await readMfaState(tx, userId);
    if (!state) return { error: conflict('mfa_not_started', 'Start setting up two-step sign-in first') };
    if (state.confirmedAt)
      return { error: conflict('mfa_already_enabled', 'Two-step sign-in is already on') };
    const sealed = await readSealedSecret(tx, userId);
    const step = sealed
      ? totpStep(openSecret(deps.appSecret, userId, sealed), code.trim(), tx.now.getTime())
      : null;
    if (step === null) return { error: codeInvalid() };
    if (!(await claimStep(tx, userId, step, true))) return { error: codeInvalid() };
    await replaceRecoveryCodes(tx, userId, recovery.hashes);
    const recoveryCodes = recovery.codes;
    await markSessionMfa(tx, auth.sessionId);
    const otherSessionsSignedOut = await revokeOtherSessions(tx, userId, auth.sessionId, 'mfa_enabled');
    await reset(tx, lockKey);
    return { recoveryCodes, otherSessionsSignedOut };
  });
  if ('error' in out) throw out.error;
  await auditAccountChange(deps.db, userId, actor, {
    action: 'account.mfa_enabled',
    data: { otherSessionsSignedOut: out.otherSessionsSignedOut },
  });
  return out;
}

/** Turning it off takes the password and a code (or a recovery code): an open session is not enough. */
export async function disableMfa(
  deps: MfaDeps,
  auth: Authenticated,
  input: { password: string; code: string },
  meta: Meta,
): Promise<void> {
  const userId = auth.user.id;
  const actor = actorOf(userId, meta);
  const account = await passwordAccount(deps.db, userId);
  const lockKey = await countAttempt(deps.db, actor, account.email);
  if (!(await verifyPassword(account.passwordHash, input.password))) {
    throw new AppError(400, 'wrong_password', 'The password is not right', {
      errors: [{ field: 'password', message: 'The password is not right' }],
    });
  }
  const factor = await withGlobal(deps.db, actor, async (tx) =>
    (await mfaEnabled(tx, userId)) ? loadFactor(tx, deps.appSecret, userId, input.code) : null,
  );
  if (!factor) throw notEnabled();
  const match = await matchFactor(factor, input.code);
  await withGlobal(deps.db, actor, async (tx) => {
    await spendFactor(tx, userId, match);
    await deleteMfa(tx, userId);
    await reset(tx, lockKey);
  });
  await auditAccountChange(deps.db, userId, actor, {
    action: 'account.mfa_disabled',
    data: { with: match.kind },
  });
}

/** New recovery codes (the old ones stop working), for a right code. */
export async function regenerateRecoveryCodes(
  deps: MfaDeps,
  auth: Authenticated,
  code: string,
  meta: Meta,
): Promise<{ recoveryCodes: string[] }> {
  const userId = auth.user.id;
  const actor = actorOf(userId, meta);
  const account = await passwordAccount(deps.db, userId);
  const lockKey = await countAttempt(deps.db, actor, account.email);
  const factor = await withGlobal(deps.db, actor, async (tx) =>
    (await mfaEnabled(tx, userId)) ? loadFactor(tx, deps.appSecret, userId, code) : null,
  );
  if (!factor) throw notEnabled();
  const match = await matchFactor(factor, code);
  const recovery = await newRecoverySet();
  await withGlobal(deps.db, actor, async (tx) => {
    await spendFactor(tx, userId, match);
    await reset(tx, lockKey);
    await replaceRecoveryCodes(tx, userId, recovery.hashes);
  });
  const out = { recoveryCodes: recovery.codes };
  await auditAccountChange(deps.db, userId, actor, {
    action: 'account.mfa_recovery_codes_renewed',
    data: {},
  });
  return out;
}

/** After a right password: the token of the second step (only its hash is kept). */
export async function startChallenge(
  tx: GlobalTx,
  userId: string,
  ip: string | undefined,
): Promise<{ challenge: string; expiresAt: Date }> {
  const challenge = newToken();
  const expiresAt = new Date(tx.now.getTime() + CHALLENGE_TTL_MS);
  await insertChallenge(tx, { userId, tokenHash: sha256(challenge), expiresAt, ip: ip ?? null });
  return { challenge, expiresAt };
}

const CHALLENGE_RE = /^[A-Za-z0-9_-]{43}$/;

/**
 * Sign-in, step 2: the challenge from step 1 and a code from the authenticator (or a recovery
 * code) give a session that has passed the second factor. Every attempt counts toward the
 * challenge's five, the address's sign-in limit and the account's lockout, before it is checked.
 */
export async function completeMfaSignIn(
  deps: MfaDeps,
  input: { challenge: string; code: string },
  meta: ClientMeta & Meta,
): Promise<{ session: IssuedSession; userId: string; usedRecoveryCode: boolean }> {
  const publicActor: Actor = { kind: 'public', userId: null, ip: meta.ip, requestId: meta.requestId };
  const tokenHash = sha256(input.challenge);
  // First the attempt is counted and committed (challenge, address, account lockout)…
  const pre = await withGlobal(deps.db, publicActor, async (tx) => {
    const ip = await hit(tx, { key: `login:ip:${meta.ip ?? 'unknown'}`, ...LOGIN_PER_IP });
    if (!ip.allowed)
      return {
        error: tooManyRequests(
          'too_many_requests',
          'Too many sign-in attempts; try again later',
          ip.retryAfter,
        ),
      };
    const live = CHALLENGE_RE.test(input.challenge)
      ? await countChallengeAttempt(tx, tokenHash, CHALLENGE_ATTEMPTS)
      : undefined;
    if (!live) return { error: challengeInvalid() };
    const account = await readPasswordAccount(tx, live.userId);
    if (account?.status !== 'active') return { error: challengeInvalid() };
    const lockKey = `login-fail:${account.email}`;
    const fails = await hit(tx, {
      key: lockKey,
      max: LOCKOUT_FAILURES,
      windowSeconds: LOCKOUT_WINDOW_SECONDS,
    });
    if (!fails.allowed) return { error: lockedOut(fails.retryAfter) };
    return { live, lockKey, factor: await loadFactor(tx, deps.appSecret, live.userId, input.code) };
  });
  if ('error' in pre) throw pre.error;
  // …then the code is checked, and a right one is used up with the challenge, giving the session.
  const match = await matchFactor(pre.factor, input.code);
  const userId = pre.live.userId;
  const out = await withGlobal(deps.db, publicActor, async (tx) => {
    await spendFactor(tx, userId, match);
    if (!(await consumeChallenge(tx, pre.live.id))) throw challengeInvalid();
    await reset(tx, pre.lockKey);
    const session = await createSession(tx, userId, 'password', meta, { mfa: true });
    return { session, userId, usedRecoveryCode: match.kind === 'recovery' };
  });
  if (out.usedRecoveryCode) {
    const left = await withGlobal(deps.db, publicActor, (tx) => unusedRecoveryCodes(tx, out.userId));
    await auditAccountChange(deps.db, out.userId, actorOf(out.userId, meta), {
      action: 'account.mfa_recovery_code_used',
      data: { recoveryCodesLeft: left },
    });
  }
  return out;
}
