import { type Kysely, sql } from 'kysely';
import { APP_ROLE } from './helpers.ts';

/** The clinic a transaction is scoped to (withClinic), or null in a platform transaction (withGlobal). */
const CURRENT_CLINIC = sql.raw(`nullif(current_setting('app.clinic_id', true), '')`);

/**
 * A second factor at sign-in (issue 10, item 3; platform/auth/mfa.ts, docs/SECURITY.md).
 *
 * - `user_mfa`: one TOTP authenticator per account. `secret_enc` is the RFC 6238 key sealed with
 *   AES-256-GCM under a key derived from APP_SECRET; `last_used_step` is the latest 30-second step
 *   a code was accepted for, so the same code (or an older one) never works twice.
 * - `mfa_recovery_codes`: ten single-use codes of about 50 bits each, kept only as argon2id hashes
 *   (salted, as passwords are: ASVS 5.0 V6.5.2 asks this of secrets under 112 bits).
 * - `mfa_challenges`: the second step of a sign-in after the password was right; only the SHA-256
 *   of its token is kept, with the attempts it has had.
 * - `sessions.mfa_at`: when the session passed the second factor (null: password or SMS only).
 * - `clinics.staff_mfa_required`: the owner's rule that the clinic's staff must use it.
 *
 * As migration 0006 does for password and token hashes, the app role cannot read `secret_enc`,
 * `code_hash` or `token_hash` (column privileges; a WHERE on them needs the privilege too). The
 * reads the auth code needs are SECURITY DEFINER functions that answer one question each, and
 * only in a platform transaction (no clinic set): tenant-scoped code gets nothing from them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const app = sql.id(APP_ROLE);

  await sql`create table user_mfa (
      user_id uuid primary key references users(id),
      secret_enc bytea not null,
      created_at timestamptz not null,
      confirmed_at timestamptz,
      last_used_step bigint
    )`.execute(db);
  await sql`grant select (user_id, created_at, confirmed_at, last_used_step), insert, update, delete
      on user_mfa to ${app}`.execute(db);

  await sql`create table mfa_recovery_codes (
      id uuid primary key,
      user_id uuid not null references users(id),
      code_hash text not null,
      created_at timestamptz not null,
      used_at timestamptz
    )`.execute(db);
  await sql`create index mfa_recovery_codes_user on mfa_recovery_codes (user_id) where used_at is null`.execute(
    db,
  );
  await sql`grant select (id, user_id, created_at, used_at), insert, update, delete
      on mfa_recovery_codes to ${app}`.execute(db);

  await sql`create table mfa_challenges (
      id uuid primary key,
      token_hash bytea not null unique,
      user_id uuid not null references users(id),
      created_at timestamptz not null,
      expires_at timestamptz not null,
      attempts int not null default 0,
      consumed_at timestamptz,
      ip text
    )`.execute(db);
  await sql`create index mfa_challenges_user on mfa_challenges (user_id)`.execute(db);
  await sql`grant select (id, user_id, created_at, expires_at, attempts, consumed_at, ip), insert, update, delete
      on mfa_challenges to ${app}`.execute(db);

  await sql`alter table sessions add column mfa_at timestamptz`.execute(db);
  await sql`grant select (mfa_at) on sessions to ${app}`.execute(db);
  await sql`alter table clinics add column staff_mfa_required boolean not null default false`.execute(db);

  await sql`create function mfa_totp_secret(p_user uuid) returns bytea
      language sql stable security definer set search_path = pg_catalog, public
      as $$ select m.secret_enc from public.user_mfa m
             where m.user_id = p_user and ${CURRENT_CLINIC} is null $$`.execute(db);
  // Salted hashes cannot be looked up: the account's unused ones are compared in the process.
  await sql`create function mfa_recovery_code_hashes(p_user uuid) returns table (id uuid, code_hash text)
      language sql stable security definer set search_path = pg_catalog, public
      as $$ select c.id, c.code_hash from public.mfa_recovery_codes c
             where c.user_id = p_user and c.used_at is null and ${CURRENT_CLINIC} is null $$`.execute(db);
  await sql`create function mfa_challenge_id(p_hash bytea) returns uuid
      language sql stable security definer set search_path = pg_catalog, public
      as $$ select c.id from public.mfa_challenges c
             where c.token_hash = p_hash and ${CURRENT_CLINIC} is null $$`.execute(db);
  for (const fn of FUNCTIONS) {
    await sql`revoke execute on function ${sql.raw(fn)} from public`.execute(db);
    await sql`grant execute on function ${sql.raw(fn)} to ${app}`.execute(db);
  }

  // The session cache (migration 0004) must drop a session whose second factor changed, and a
  // clinic whose rule changed: the access triggers watch the new columns too.
  for (const w of [SESSIONS_WATCH, CLINICS_WATCH]) await rewatch(db, w.table, w.when);
}

const FUNCTIONS = ['mfa_totp_secret(uuid)', 'mfa_recovery_code_hashes(uuid)', 'mfa_challenge_id(bytea)'];

const SESSIONS_WATCH = {
  table: 'sessions',
  when: `(old.id, old.user_id, old.token_hash, old.expires_at, old.revoked_at, old.mfa_at)
           is distinct from (new.id, new.user_id, new.token_hash, new.expires_at, new.revoked_at, new.mfa_at)
         or new.idle_expires_at < old.idle_expires_at`,
};
const CLINICS_WATCH = {
  table: 'clinics',
  when: `(old.id, old.slug, old.status, old.time_zone, old.currency, old.staff_mfa_required)
           is distinct from (new.id, new.slug, new.status, new.time_zone, new.currency, new.staff_mfa_required)`,
};

/** Re-creates a table's update triggers of migration 0004 with another WHEN. */
async function rewatch(db: Kysely<unknown>, table: string, when: string): Promise<void> {
  const t = sql.table(table);
  const collect = sql.id(`${table}_access_collect_update`);
  const flush = sql.id(`${table}_access_flush_update`);
  await sql`drop trigger ${collect} on ${t}`.execute(db);
  await sql`drop trigger ${flush} on ${t}`.execute(db);
  await sql`create trigger ${collect} after update on ${t}
      for each row when (${sql.raw(when)}) execute function access_collect()`.execute(db);
  await sql`create constraint trigger ${flush} after update on ${t} deferrable initially deferred
      for each row when (${sql.raw(when)}) execute function access_flush()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await rewatch(
    db,
    'sessions',
    `(old.id, old.user_id, old.token_hash, old.expires_at, old.revoked_at)
       is distinct from (new.id, new.user_id, new.token_hash, new.expires_at, new.revoked_at)
     or new.idle_expires_at < old.idle_expires_at`,
  );
  await rewatch(
    db,
    'clinics',
    `(old.id, old.slug, old.status, old.time_zone, old.currency)
       is distinct from (new.id, new.slug, new.status, new.time_zone, new.currency)`,
  );
  for (const fn of FUNCTIONS) await sql`drop function if exists ${sql.raw(fn)}`.execute(db);
  await sql`alter table clinics drop column staff_mfa_required`.execute(db);
  await sql`alter table sessions drop column mfa_at`.execute(db);
  await sql`drop table mfa_challenges`.execute(db);
  await sql`drop table mfa_recovery_codes`.execute(db);
  await sql`drop table user_mfa`.execute(db);
}
