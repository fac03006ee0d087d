import { type Kysely, sql } from 'kysely';
import { grantApp } from './helpers.ts';

/**
 * Password reset by email (platform/auth/password-reset.ts). A row is one emailed link: only the
 * SHA-256 of its 256-bit token is kept; it works once (`used_at`), until `expires_at`, and a newer
 * request for the same account supersedes it (`revoked_at`). Global, like sessions: an account is
 * one person across clinics.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table password_resets (
      id uuid primary key,
      user_id uuid not null references users(id),
      token_hash bytea not null unique,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      used_at timestamptz,
      revoked_at timestamptz,
      ip text
    )`.execute(db);
  // The live links of an account, superseded when a new one is sent.
  await sql`create index password_resets_live on password_resets (user_id)
      where used_at is null and revoked_at is null`.execute(db);
  await grantApp(db, 'password_resets', 'select, insert, update');
  // A user's list of their own sessions reads the live ones, newest use first.
  await sql`create index sessions_user_live on sessions (user_id, last_seen_at desc)
      where revoked_at is null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index sessions_user_live`.execute(db);
  await sql`drop table password_resets`.execute(db);
}
