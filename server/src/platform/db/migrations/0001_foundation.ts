import { type Kysely, sql } from 'kysely';
import { APP_ROLE, grantApp, tenantTable } from './helpers.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Roles are cluster-wide: several databases (and racing migrators) may share it.
  await sql`do $$ begin
      if not exists (select 1 from pg_roles where rolname = ${sql.lit(APP_ROLE)}) then
        create role ${sql.id(APP_ROLE)} nologin nosuperuser nobypassrls;
      end if;
    exception when duplicate_object or unique_violation then null;
    end $$`.execute(db);
  await sql`do $$ begin
      if not pg_has_role(current_user, ${sql.lit(APP_ROLE)}, 'member') then
        execute format('grant %I to %I', ${sql.lit(APP_ROLE)}, current_user);
      end if;
    end $$`.execute(db);
  await sql`grant usage on schema public to ${sql.id(APP_ROLE)}`.execute(db);

  // ---- global identities (not tenant data: one person, many clinics) ----
  await sql`create table users (
      id uuid primary key,
      name text not null check (length(name) between 1 and 200),
      locale text,
      platform_role text check (platform_role in ('admin')),
      status text not null default 'active' check (status in ('active', 'disabled')),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await grantApp(db, 'users', 'select, insert, update');

  await sql`create table identities (
      id uuid primary key,
      user_id uuid not null references users(id),
      kind text not null check (kind in ('email', 'phone')),
      value text not null,
      password_hash text,
      verified_at timestamptz,
      created_at timestamptz not null default now(),
      unique (kind, value)
    )`.execute(db);
  await sql`create index identities_user on identities (user_id)`.execute(db);
  await grantApp(db, 'identities', 'select, insert, update');

  await sql`create table sessions (
      id uuid primary key,
      user_id uuid not null references users(id),
      token_hash bytea not null unique,
      method text not null check (method in ('password', 'otp', 'invitation')),
      created_at timestamptz not null,
      last_seen_at timestamptz not null,
      expires_at timestamptz not null,
      idle_expires_at timestamptz not null,
      revoked_at timestamptz,
      revoked_reason text,
      replaced_by uuid,
      ip text,
      user_agent text
    )`.execute(db);
  await sql`create index sessions_user on sessions (user_id)`.execute(db);
  await grantApp(db, 'sessions', 'select, insert, update');

  await sql`create table otp_challenges (
      id uuid primary key,
      phone text not null,
      code_hash bytea not null,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      attempts int not null default 0,
      consumed_at timestamptz,
      ip text
    )`.execute(db);
  await sql`create index otp_challenges_phone on otp_challenges (phone, created_at desc)`.execute(db);
  await grantApp(db, 'otp_challenges', 'select, insert, update');

  // Fixed-window counters for throttling (login, OTP). In the database so every instance shares them.
  await sql`create table rate_limits (
      key text primary key,
      window_started_at timestamptz not null,
      count int not null
    )`.execute(db);
  await grantApp(db, 'rate_limits', 'select, insert, update, delete');

  // Transactional outbox: written with the change, dispatched after commit.
  await sql`create table outbox (
      id uuid primary key,
      channel text not null check (channel in ('sms', 'email')),
      recipient text not null,
      subject text,
      body text not null,
      created_at timestamptz not null,
      available_at timestamptz not null,
      attempts int not null default 0,
      last_error text,
      sent_at timestamptz,
      failed_at timestamptz
    )`.execute(db);
  await sql`create index outbox_due on outbox (available_at) where sent_at is null and failed_at is null`.execute(
    db,
  );
  await grantApp(db, 'outbox', 'select, insert, update');

  // ---- clinics: the tenants themselves (platform data, read by slug for the public site) ----
  await sql`create table clinics (
      id uuid primary key,
      slug text not null unique check (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$'),
      name text not null check (length(name) between 1 and 200),
      time_zone text not null,
      currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
      locale text not null,
      status text not null default 'active' check (status in ('active', 'suspended')),
      suspended_at timestamptz,
      suspended_reason text check (length(suspended_reason) <= 500),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await grantApp(db, 'clinics', 'select, insert, update');

  // ---- tenant tables: clinic_id leads every key ----
  await sql`create table memberships (
      clinic_id uuid not null references clinics(id),
      user_id uuid not null references users(id),
      role text not null check (role in ('owner', 'doctor', 'secretary', 'patient')),
      status text not null default 'active' check (status in ('active', 'removed')),
      created_at timestamptz not null default now(),
      created_by uuid references users(id),
      removed_at timestamptz,
      removed_by uuid references users(id),
      primary key (clinic_id, user_id, role)
    )`.execute(db);
  await sql`create index memberships_user on memberships (user_id)`.execute(db);
  await tenantTable(db, 'memberships');
  // Outside any clinic scope, a signed-in user may read their own memberships in every clinic
  // (for /me). Inside withClinic(A) it does not apply: there every tenant table shows A's rows only.
  await sql`create policy own_memberships on memberships for select
      using (nullif(current_setting('app.clinic_id', true), '') is null
             and user_id = nullif(current_setting('app.user_id', true), '')::uuid)`.execute(db);

  await sql`create table invitations (
      clinic_id uuid not null references clinics(id),
      id uuid not null,
      email text not null,
      name text not null,
      role text not null check (role in ('owner', 'doctor', 'secretary')),
      token_hash bytea not null,
      -- null when the platform (or the system) issued it, e.g. a new clinic owner's set-password link
      invited_by uuid references users(id),
      -- only this account, and only while it has no password, may have its password set by accepting
      sets_password_for uuid references users(id),
      created_at timestamptz not null,
      expires_at timestamptz not null,
      accepted_at timestamptz,
      accepted_by uuid references users(id),
      revoked_at timestamptz,
      primary key (clinic_id, id),
      unique (clinic_id, token_hash)
    )`.execute(db);
  // Pending invitations are looked up by email (re-inviting revokes the older link).
  await sql`create index invitations_email on invitations (clinic_id, email)`.execute(db);
  await tenantTable(db, 'invitations');

  // Append-only, hash-chained per clinic.
  await sql`create table audit_events (
      clinic_id uuid not null references clinics(id),
      seq bigint not null,
      id uuid not null,
      occurred_at timestamptz not null,
      actor_user_id uuid,
      actor_kind text not null check (actor_kind in ('user', 'admin', 'system', 'public')),
      action text not null,
      entity_type text not null,
      entity_id text,
      data jsonb not null default '{}',
      request_id text,
      ip text,
      prev_hash text not null,
      hash text not null,
      primary key (clinic_id, seq)
    )`.execute(db);
  await sql`create index audit_events_action on audit_events (clinic_id, action, seq)`.execute(db);
  await sql`create index audit_events_entity on audit_events (clinic_id, entity_type, entity_id)`.execute(db);
  await sql`create index audit_events_actor on audit_events (clinic_id, actor_user_id)`.execute(db);
  await sql`create function audit_events_immutable() returns trigger language plpgsql as $$
      begin
        raise exception 'audit_events is append-only' using errcode = 'insufficient_privilege';
      end $$`.execute(db);
  await sql`create trigger audit_events_no_update before update or delete on audit_events
      for each row execute function audit_events_immutable()`.execute(db);
  await sql`create trigger audit_events_no_truncate before truncate on audit_events
      for each statement execute function audit_events_immutable()`.execute(db);
  await tenantTable(db, 'audit_events', 'select, insert');

  // The head of each clinic's chain; its row lock orders concurrent appends.
  await sql`create table audit_heads (
      clinic_id uuid primary key references clinics(id),
      seq bigint not null,
      hash text not null
    )`.execute(db);
  await tenantTable(db, 'audit_heads', 'select, insert, update');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'audit_heads',
    'audit_events',
    'invitations',
    'memberships',
    'clinics',
    'outbox',
    'rate_limits',
    'otp_challenges',
    'sessions',
    'identities',
    'users',
  ]) {
    await sql`drop table if exists ${sql.table(t)} cascade`.execute(db);
  }
  await sql`drop function if exists audit_events_immutable()`.execute(db);
}
