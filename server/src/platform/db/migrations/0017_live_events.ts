import { type Kysely, sql } from 'kysely';
import { tenantTable } from './helpers.ts';

/**
 * The real-time layer's log (platform/live): every event a clinic's transaction writes with
 * `tx.emitLive` gets the next number of its topic (`live_topics`, a row lock per topic, so numbers
 * follow commit order without gaps) and is kept in `live_events` for a while, so a client that
 * reconnects with its last number is sent what it missed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table live_topics (
    clinic_id uuid not null references clinics(id),
    topic text not null check (length(topic) between 1 and 200),
    last_seq integer not null,
    primary key (clinic_id, topic)
  )`.execute(db);
  await tenantTable(db, 'live_topics', 'select, insert, update');

  await sql`create table live_events (
    clinic_id uuid not null references clinics(id),
    topic text not null,
    seq integer not null,
    type text not null,
    data jsonb not null,
    at timestamptz not null,
    primary key (clinic_id, topic, seq)
  )`.execute(db);
  await sql`create index live_events_at on live_events (at)`.execute(db);
  await tenantTable(db, 'live_events', 'select, insert, delete');
  // The purge deletes old events of every clinic: in the job runner's own transactions only
  // (Database.scoped with jobsRunner, as the jobs table's runner policy).
  // (A DELETE … WHERE sees only rows a SELECT policy shows, hence both.)
  for (const command of ['select', 'delete'])
    await sql`create policy ${sql.id(`live_events_purge_${command}`)} on live_events for ${sql.raw(command)}
      using (current_setting('app.jobs', true) = 'runner')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table live_events`.execute(db);
  await sql`drop table live_topics`.execute(db);
}
