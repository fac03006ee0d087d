import { type Kysely, sql } from 'kysely';
import { APP_ROLE } from './helpers.ts';

/** The clinic a transaction is scoped to (withClinic), or null in a platform transaction (withGlobal). */
const CURRENT_CLINIC = sql.raw(`nullif(current_setting('app.clinic_id', true), '')`);

/**
 * Least privilege for the app role on platform tables (issue 10, item 7; docs/SECURITY.md).
 *
 * - `clinics`: inside a clinic's transaction only that clinic's row can be read, written or
 *   inserted; a platform transaction (no clinic set) sees every clinic, as the public site and
 *   the admin console need.
 * - Credentials are not readable by the app role at all, in any scope (column privileges):
 *   `identities.password_hash` and `sessions.token_hash`. The app may still write them. The two
 *   reads the auth code needs go through SECURITY DEFINER functions that answer exactly one
 *   question each:
 *   - `identity_password_hash(identity)`: the hash, to verify a password in the process; only in
 *     a platform transaction (sign-in), or inside a clinic's transaction for an email that has a
 *     pending invitation of that clinic (accepting it with an existing account's password);
 *   - `session_id_by_token(hash)`: the id of the session with that token hash, never a hash.
 * - `access_version` becomes readable by the app role (the access listener logs in as the app's
 *   login now, not as the owner); it is a counter.
 *
 * A new table with a credential column must do the same: grant the app role the other columns
 * only, and read the credential through a function like these.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const app = sql.id(APP_ROLE);

  await sql`alter table clinics enable row level security`.execute(db);
  await sql`alter table clinics force row level security`.execute(db);
  await sql`create policy clinic_scope on clinics
      using (${CURRENT_CLINIC} is null or id = ${CURRENT_CLINIC}::uuid)
      with check (${CURRENT_CLINIC} is null or id = ${CURRENT_CLINIC}::uuid)`.execute(db);

  await sql`revoke select on identities from ${app}`.execute(db);
  await sql`grant select (id, user_id, kind, value, verified_at, created_at) on identities to ${app}`.execute(
    db,
  );
  await sql`create function identity_password_hash(p_identity uuid) returns text
      language sql stable security definer set search_path = pg_catalog, public
      as $$
        select i.password_hash from public.identities i
         where i.id = p_identity
           and (${CURRENT_CLINIC} is null
                or (i.kind = 'email' and exists (
                      select 1 from public.invitations v
                       where v.clinic_id = ${CURRENT_CLINIC}::uuid and v.email = i.value
                         and v.accepted_at is null and v.revoked_at is null)))
      $$`.execute(db);

  await sql`revoke select on sessions from ${app}`.execute(db);
  await sql`grant select (id, user_id, method, created_at, last_seen_at, expires_at, idle_expires_at,
      revoked_at, revoked_reason, replaced_by, ip, user_agent) on sessions to ${app}`.execute(db);
  await sql`create function session_id_by_token(p_hash bytea) returns uuid
      language sql stable security definer set search_path = pg_catalog, public
      as $$ select s.id from public.sessions s where s.token_hash = p_hash $$`.execute(db);

  // Functions are executable by every role unless revoked.
  for (const fn of ['identity_password_hash(uuid)', 'session_id_by_token(bytea)']) {
    await sql`revoke execute on function ${sql.raw(fn)} from public`.execute(db);
    await sql`grant execute on function ${sql.raw(fn)} to ${app}`.execute(db);
  }

  await sql`grant select on access_version to ${app}`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const app = sql.id(APP_ROLE);
  await sql`revoke select on access_version from ${app}`.execute(db);
  await sql`drop function if exists session_id_by_token(bytea)`.execute(db);
  await sql`drop function if exists identity_password_hash(uuid)`.execute(db);
  await sql`grant select on sessions to ${app}`.execute(db);
  await sql`grant select on identities to ${app}`.execute(db);
  await sql`drop policy if exists clinic_scope on clinics`.execute(db);
  await sql`alter table clinics no force row level security`.execute(db);
  await sql`alter table clinics disable row level security`.execute(db);
}
