import { type Kysely, sql } from 'kysely';
import { APP_ROLE } from './migrations/helpers.ts';

/**
 * The LOGIN role the app's pool connects as when it is given only an owner's URL (tests, CI, the
 * demo on PostgreSQL): NOSUPERUSER, NOBYPASSRLS, NOINHERIT, owns nothing, member of APP_ROLE only.
 * NOINHERIT: outside the per-transaction `SET ROLE cliniclick_app` it holds no privilege at all,
 * so `RESET ROLE` leaves a statement with less than the app role, never more.
 */
export const APP_LOGIN = 'cliniclick_login';

/** What a connection's login role could do beyond the app role (PostgreSQL). */
export interface LoginFacts {
  role: string;
  superuser: boolean;
  bypassRls: boolean;
  createRole: boolean;
  /** Relations of this database the login owns (owners are not subject to RLS unless forced, and can alter it). */
  ownsRelations: number;
  /** Member of APP_ROLE, so `SET ROLE cliniclick_app` works. */
  appMember: boolean;
}

/** Facts about the role `db`'s connections log in as (`session_user`: what `RESET ROLE` returns to). */
export async function loginFacts<DB>(db: Kysely<DB>, appRole: string = APP_ROLE): Promise<LoginFacts> {
  // On a fresh cluster the app's role does not exist yet (the first start makes it):
  // pg_has_role would raise on its name, so membership is asked only of a role that exists.
  const { rows } = await sql<LoginFacts>`
    select r.rolname as role, r.rolsuper as superuser, r.rolbypassrls as "bypassRls",
           r.rolcreaterole as "createRole",
           (select count(*)::int from pg_class c where c.relowner = r.oid) as "ownsRelations",
           exists (select 1 from pg_roles a
                    where a.rolname = ${appRole} and pg_has_role(r.oid, a.oid, 'member')) as "appMember"
      from pg_roles r where r.rolname = session_user`.execute(db);
  const facts = rows[0];
  if (!facts) throw new Error('cannot read the connecting role');
  return { ...facts, ownsRelations: Number(facts.ownsRelations) };
}

/** Why a login must not serve the app's queries, or null when it may. */
export function loginProblem(f: LoginFacts): string | null {
  if (f.superuser) return `logs in as ${f.role}, a superuser (RESET ROLE would regain every right)`;
  if (f.bypassRls) return `logs in as ${f.role}, which has BYPASSRLS`;
  if (f.ownsRelations > 0)
    return `logs in as ${f.role}, which owns ${f.ownsRelations} tables or indexes (an owner can drop their row-level security)`;
  if (!f.appMember) return `logs in as ${f.role}, which is not a member of ${APP_ROLE}`;
  return null;
}

/** The owner can make the app's login itself (a superuser, or a role with CREATEROLE). */
export function canDeriveLogin(f: LoginFacts): boolean {
  return f.superuser || f.createRole;
}

/**
 * As the owner: makes sure APP_ROLE and APP_LOGIN exist and APP_LOGIN is a member of APP_ROLE.
 * Roles are cluster-wide and several processes may do this at once: each step tolerates losing
 * the race. Attributes are (re)asserted every time, so a login altered by hand is put back.
 */
export async function ensureAppLogin(owner: Kysely<unknown>): Promise<void> {
  for (const [role, attrs] of [
    [APP_ROLE, 'nologin nosuperuser nobypassrls'],
    [APP_LOGIN, 'login noinherit nosuperuser nobypassrls nocreatedb nocreaterole noreplication'],
  ] as const) {
    await sql`do $$ begin
        if not exists (select 1 from pg_roles where rolname = ${sql.lit(role)}) then
          create role ${sql.id(role)} ${sql.raw(attrs)};
        end if;
      exception when duplicate_object or unique_violation then null;
      end $$`.execute(owner);
  }
  // Only when something differs: ALTER ROLE from several processes at once can fail with "tuple
  // concurrently updated".
  await sql`do $$ begin
      if exists (select 1 from pg_roles where rolname = ${sql.lit(APP_LOGIN)} and not (rolcanlogin
          and not rolinherit and not rolsuper and not rolbypassrls and not rolcreatedb
          and not rolcreaterole and not rolreplication)) then
        alter role ${sql.id(APP_LOGIN)} login noinherit nosuperuser nobypassrls nocreatedb nocreaterole noreplication;
      end if;
    end $$`.execute(owner);
  await sql`do $$ begin
      if not pg_has_role(${sql.lit(APP_LOGIN)}, ${sql.lit(APP_ROLE)}, 'member') then
        grant ${sql.id(APP_ROLE)} to ${sql.id(APP_LOGIN)};
      end if;
    exception when unique_violation then null;
    end $$`.execute(owner);
}

/** As the owner: sets APP_LOGIN's password (only when a login with it was refused). */
export async function setAppLoginPassword(owner: Kysely<unknown>, password: string): Promise<void> {
  // ALTER ROLE takes no parameters; the literal is quoted by Kysely.
  await sql`alter role ${sql.id(APP_LOGIN)} password ${sql.lit(password)}`.execute(owner);
}

/** `url` with APP_LOGIN (and `password`, if any) as its user: same server, same database. */
export function appLoginUrl(url: string, password: string | undefined): string {
  const u = new URL(url);
  u.username = APP_LOGIN;
  u.password = password ? encodeURIComponent(password) : '';
  return u.toString();
}

/** A refused login (wrong or missing password, no pg_hba entry for it). */
export function isAuthFailure(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  return code === '28P01' || code === '28000';
}
