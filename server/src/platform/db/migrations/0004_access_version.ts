import { type Kysely, sql } from 'kysely';

/**
 * Access changes, told by the database itself (read by platform/db/access-listener.ts).
 *
 * Any committed write that can change what a session may do (a session revoked or cut short, a
 * user disabled or renamed, a password changed, a membership added, removed or re-roled, a clinic
 * suspended…) bumps `access_version` once per transaction and sends one NOTIFY on
 * ACCESS_CHANNEL with the new version and the scopes it touched: `u:<user id>`, `c:<clinic id>`, or
 * `*` (everything: TRUNCATE, or more than MAX_SCOPES in one transaction). Every path triggers it
 * (the app, the CLI, psql), since it is the tables' own triggers that notice.
 *
 * Two row triggers per watched event:
 * - `access_collect` (immediate) adds the row's scope to the transaction-local setting
 *   `cliniclick.access_scopes`; a savepoint rolled back forgets its scopes with it;
 * - `access_flush` (a constraint trigger, DEFERRABLE INITIALLY DEFERRED) runs at commit: the first
 *   one to fire bumps the version and notifies with everything collected, the rest find nothing
 *   left. A bulk change therefore notifies once, and the version row is locked only while
 *   committing, after every other lock the transaction takes (no deadlock through it).
 * Both carry a WHEN clause, so writes that change nothing an access decision reads (a session's
 * last-seen touch, `updated_at`, a new session, a clinic's name) queue nothing at all.
 *
 * Connections that set `cliniclick.access_notices = on` (the app's own pool) also get the payload
 * as a NOTICE at commit, so the instance that made a change drops its cache before its COMMIT
 * returns, without waiting for the NOTIFY to come round.
 */
export const ACCESS_CHANNEL = 'cliniclick_access';
/** Past this many distinct scopes in one transaction, it notifies `*` (a NOTIFY payload is < 8000 bytes). */
export const MAX_SCOPES = 50;

interface Watch {
  table: string;
  event: 'insert' | 'update' | 'delete';
  /** The row condition that makes the write an access change (none: every row). */
  when?: string;
}

/** What an access decision reads (platform/auth/sessions.ts) decides what counts as a change. */
const WATCHES: Watch[] = [
  // A session's touch (last_seen_at, idle_expires_at moved forward) is not a change; cutting
  // the idle expiry short is. A new session changes no other session.
  {
    table: 'sessions',
    event: 'update',
    when: `(old.id, old.user_id, old.token_hash, old.expires_at, old.revoked_at)
             is distinct from (new.id, new.user_id, new.token_hash, new.expires_at, new.revoked_at)
           or new.idle_expires_at < old.idle_expires_at`,
  },
  // A revoked session is never cached; deleting one changes nothing.
  { table: 'sessions', event: 'delete', when: 'old.revoked_at is null' },
  {
    table: 'users',
    event: 'update',
    when: `(old.id, old.name, old.locale, old.platform_role, old.status)
             is distinct from (new.id, new.name, new.locale, new.platform_role, new.status)`,
  },
  { table: 'users', event: 'delete' },
  {
    table: 'identities',
    event: 'update',
    when: '(old.user_id, old.password_hash) is distinct from (new.user_id, new.password_hash)',
  },
  { table: 'identities', event: 'delete' },
  { table: 'memberships', event: 'insert', when: `new.status = 'active'` },
  {
    table: 'memberships',
    event: 'update',
    when: `(old.clinic_id, old.user_id, old.role, old.status)
             is distinct from (new.clinic_id, new.user_id, new.role, new.status)`,
  },
  { table: 'memberships', event: 'delete', when: `old.status = 'active'` },
  {
    table: 'clinics',
    event: 'update',
    when: `(old.id, old.slug, old.status, old.time_zone, old.currency)
             is distinct from (new.id, new.slug, new.status, new.time_zone, new.currency)`,
  },
  { table: 'clinics', event: 'delete' },
];

const WATCHED_TABLES = [...new Set(WATCHES.map((w) => w.table))];

export async function up(db: Kysely<unknown>): Promise<void> {
  // One row. Readable by the owner (the listener's poll) only; the app role gets nothing on it.
  await sql`create table access_version (
      id boolean primary key default true check (id),
      version bigint not null default 0,
      changed_at timestamptz
    )`.execute(db);
  await sql`insert into access_version (id, version) values (true, 0)`.execute(db);

  // The only thing that writes the version: runs as its owner, so neither the app role nor an
  // operator's role needs a privilege on the table.
  await sql`create function access_version_bump() returns bigint
      language sql security definer set search_path = pg_catalog, public
      as $$ update public.access_version set version = version + 1, changed_at = now() returning version $$`.execute(
    db,
  );
  // Functions are executable by everyone unless revoked: only access_flush (below, also the
  // owner's) may bump.
  await sql`revoke execute on function access_version_bump() from public`.execute(db);

  // Scopes collected so far in this transaction: space-separated, or '*'.
  await sql`create function access_collect() returns trigger
      language plpgsql set search_path = pg_catalog, public
      as $$
      declare
        scopes text := coalesce(current_setting('cliniclick.access_scopes', true), '');
        found text[];
        s text;
      begin
        if scopes = '*' then return null; end if;
        if tg_level = 'STATEMENT' then
          found := array['*'];
        elsif tg_table_name = 'clinics' then
          found := case tg_op when 'DELETE' then array['c:' || old.id]
                              when 'INSERT' then array['c:' || new.id]
                              else array['c:' || old.id, 'c:' || new.id] end;
        elsif tg_table_name = 'users' then
          found := case tg_op when 'DELETE' then array['u:' || old.id]
                              else array['u:' || old.id, 'u:' || new.id] end;
        else
          found := case tg_op when 'DELETE' then array['u:' || old.user_id]
                              when 'INSERT' then array['u:' || new.user_id]
                              else array['u:' || old.user_id, 'u:' || new.user_id] end;
        end if;
        foreach s in array found loop
          if position(' ' || s || ' ' in ' ' || scopes || ' ') > 0 then
            continue;
          elsif s = '*' or cardinality(string_to_array(scopes, ' ')) >= ${sql.lit(MAX_SCOPES)} then
            scopes := '*';
            exit;
          elsif scopes = '' then
            scopes := s;
          else
            scopes := scopes || ' ' || s;
          end if;
        end loop;
        perform set_config('cliniclick.access_scopes', scopes, true);
        return null;
      end $$`.execute(db);

  // Runs as its owner (security definer), the one caller allowed to bump the version.
  await sql`create function access_flush() returns trigger
      language plpgsql security definer set search_path = pg_catalog, public
      as $$
      declare
        scopes text := coalesce(current_setting('cliniclick.access_scopes', true), '');
        payload text;
      begin
        if scopes = '' then return null; end if;
        perform set_config('cliniclick.access_scopes', '', true);
        payload := public.access_version_bump() || ' ' || scopes;
        perform pg_notify(${sql.lit(ACCESS_CHANNEL)}, payload);
        if current_setting('cliniclick.access_notices', true) = 'on' then
          raise notice using message = ${sql.lit(`${ACCESS_CHANNEL} `)} || payload;
        end if;
        return null;
      end $$`.execute(db);

  for (const w of WATCHES) {
    const when = w.when ? sql`when (${sql.raw(w.when)})` : sql``;
    const table = sql.table(w.table);
    await sql`create trigger ${sql.id(`${w.table}_access_collect_${w.event}`)}
        after ${sql.raw(w.event)} on ${table}
        for each row ${when} execute function access_collect()`.execute(db);
    await sql`create constraint trigger ${sql.id(`${w.table}_access_flush_${w.event}`)}
        after ${sql.raw(w.event)} on ${table} deferrable initially deferred
        for each row ${when} execute function access_flush()`.execute(db);
  }
  // TRUNCATE has no rows to defer on: it collects '*' and flushes at once (the version row stays
  // locked to the end of that transaction, which holds an exclusive lock on the table anyway).
  for (const table of WATCHED_TABLES) {
    await sql`create trigger ${sql.id(`${table}_access_collect_truncate`)}
        after truncate on ${sql.table(table)}
        for each statement execute function access_collect()`.execute(db);
    await sql`create trigger ${sql.id(`${table}_access_flush_truncate`)}
        after truncate on ${sql.table(table)}
        for each statement execute function access_flush()`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const w of WATCHES) {
    for (const kind of ['collect', 'flush']) {
      await sql`drop trigger if exists ${sql.id(`${w.table}_access_${kind}_${w.event}`)} on ${sql.table(w.table)}`.execute(
        db,
      );
    }
  }
  for (const table of WATCHED_TABLES) {
    for (const kind of ['collect', 'flush']) {
      await sql`drop trigger if exists ${sql.id(`${table}_access_${kind}_truncate`)} on ${sql.table(table)}`.execute(
        db,
      );
    }
  }
  await sql`drop function if exists access_flush()`.execute(db);
  await sql`drop function if exists access_collect()`.execute(db);
  await sql`drop function if exists access_version_bump()`.execute(db);
  await sql`drop table if exists access_version`.execute(db);
}
