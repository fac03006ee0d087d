import { type Kysely, sql } from 'kysely';
import { grantApp, tenantTable } from './helpers.ts';

/**
 * The persisted job queue (platform/jobs/). One table for every job, clinic or platform-wide:
 * a platform job carries the nil UUID as its clinic (PLATFORM_JOBS in platform/jobs/types.ts),
 * so clinic_id is never null and leads the keys, as on every tenant table.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table jobs (
      clinic_id uuid not null,
      id uuid not null,
      name text not null check (length(name) between 1 and 100),
      payload jsonb not null default '{}',
      idempotency_key text check (length(idempotency_key) between 1 and 200),
      status text not null default 'pending' check (status in ('pending', 'done', 'dead')),
      run_at timestamptz not null,
      attempts int not null default 0,
      -- null: the job definition's (default 8)
      max_attempts int check (max_attempts >= 1),
      last_error text,
      lease_owner text,
      lease_token uuid,
      lease_until timestamptz,
      created_at timestamptz not null,
      finished_at timestamptz,
      primary key (clinic_id, id)
    )`.execute(db);
  // A key names one job per clinic and name while its row is kept (pending, and done or dead
  // until the purge): a replay is a no-op. Per clinic, so no clinic learns another's keys.
  await sql`create unique index jobs_idempotency on jobs (clinic_id, name, idempotency_key)
      where idempotency_key is not null`.execute(db);
  await sql`create index jobs_due on jobs (run_at) where status = 'pending'`.execute(db);
  await sql`create index jobs_finished on jobs (finished_at) where status <> 'pending'`.execute(db);
  // A clinic's transaction sees and writes its own jobs only (the usual tenant policy).
  await tenantTable(db, 'jobs');
  // A platform transaction (no clinic set) may queue platform jobs, and read none: with no
  // clinic set, a tenant table shows no rows, as every other does.
  await sql`create policy platform_jobs on jobs for insert
      with check (clinic_id = '00000000-0000-0000-0000-000000000000'
             and nullif(current_setting('app.clinic_id', true), '') is null)`.execute(db);
  // The runner claims due jobs of every clinic: only in its own transactions (Database.scoped
  // with jobsRunner, which sets app.jobs), never in a request's.
  await sql`create policy jobs_runner on jobs
      using (current_setting('app.jobs', true) = 'runner')
      with check (current_setting('app.jobs', true) = 'runner')`.execute(db);

  // One row per schedule: the instance that moves next_run_at on runs that period, no other.
  await sql`create table job_schedules (
      name text primary key check (length(name) between 1 and 100),
      spec text not null,
      next_run_at timestamptz not null,
      last_run_at timestamptz,
      last_owner text
    )`.execute(db);
  await grantApp(db, 'job_schedules', 'select, insert, update');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table job_schedules`.execute(db);
  await sql`drop table jobs`.execute(db);
}
