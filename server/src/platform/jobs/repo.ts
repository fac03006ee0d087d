import type { Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import { newId } from '../db/ids.ts';
import type { PlatformDB } from '../db/schema.ts';
import { type JobRequest, PLATFORM_JOBS } from './types.ts';
import type { JobKey } from './wake.ts';

/** The queue's SQL. Enqueueing runs in the caller's transaction; the rest in the runner's own. */

export const DEFAULT_MAX_ATTEMPTS = 8;

/**
 * Inserts a job in `trx` (the change's transaction, so it exists only if the change commits).
 * `clinicId` is the transaction's clinic, or null in a platform transaction: row-level security
 * refuses any other. Answers its key, or null when the idempotency key was already used.
 */
export async function insertJob(
  trx: Transaction<PlatformDB>,
  clinicId: string | null,
  now: Date,
  req: JobRequest,
): Promise<JobKey | null> {
  const id = newId(now.getTime());
  // No RETURNING: a platform transaction may queue a platform job but not read it back.
  const res = await trx
    .insertInto('jobs')
    .values({
      clinic_id: clinicId ?? PLATFORM_JOBS,
      id,
      name: req.name,
      payload: JSON.stringify(req.payload ?? {}),
      idempotency_key: req.idempotencyKey ?? null,
      run_at: req.runAt ?? now,
      max_attempts: req.maxAttempts ?? null,
      created_at: now,
    })
    // No conflict target: naming the arbiter index makes PostgreSQL apply SELECT policies, which
    // a platform transaction has none of. The only other unique key is the fresh id.
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) === 1 ? { clinicId: clinicId ?? PLATFORM_JOBS, id } : null;
}

/** A job row's key (platform jobs carry PLATFORM_JOBS as their clinic). */
export type { JobKey };

export interface ClaimedJob {
  clinicId: string;
  id: string;
  name: string;
  payload: unknown;
  attempts: number;
  /** As queued; null means the definition's. */
  maxAttempts: number | null;
  token: string;
}

const claimedColumns = [
  'jobs.clinic_id',
  'jobs.id',
  'jobs.name',
  'jobs.payload',
  'jobs.attempts',
  'jobs.max_attempts',
  'jobs.lease_token',
] as const;

type ClaimedRow = {
  clinic_id: string;
  id: string;
  name: string;
  payload: unknown;
  attempts: number;
  max_attempts: number | null;
  lease_token: string | null;
};

function toClaimed(r: ClaimedRow): ClaimedJob {
  return {
    clinicId: r.clinic_id,
    id: r.id,
    name: r.name,
    payload: r.payload,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    token: r.lease_token ?? '',
  };
}

export interface Lease {
  now: Date;
  owner: string;
  leaseMs: number;
}

function leaseValues(lease: Lease) {
  const until = new Date(lease.now.getTime() + lease.leaseMs);
  // run_at moves to the end of the lease: a runner that dies mid-job leaves it due again then.
  return {
    lease_owner: lease.owner,
    lease_token: newId(lease.now.getTime()),
    lease_until: until,
    run_at: until,
  };
}

function asRunner<T>(db: Database, fn: (trx: Transaction<PlatformDB>) => Promise<T>): Promise<T> {
  return db.scoped({ clinicId: null, userId: null, jobsRunner: true }, fn);
}

/**
 * Claims up to `limit` due jobs of the given names in one short transaction (`FOR UPDATE SKIP
 * LOCKED`: concurrent runners pass over rows another is claiming), counting the attempt.
 */
export async function claimDue(
  db: Database,
  names: readonly string[],
  limit: number,
  lease: Lease,
): Promise<ClaimedJob[]> {
  if (names.length === 0 || limit < 1) return [];
  const rows = await asRunner(db, (trx) =>
    trx
      .with('due', (w) =>
        w
          .selectFrom('jobs')
          .select(['clinic_id', 'id'])
          .where('status', '=', 'pending')
          .where('run_at', '<=', lease.now)
          .where('name', 'in', names)
          .orderBy('run_at')
          .limit(limit)
          .forUpdate()
          .skipLocked(),
      )
      .updateTable('jobs')
      .from('due')
      .set((eb) => ({ ...leaseValues(lease), attempts: eb('jobs.attempts', '+', 1) }))
      .whereRef('jobs.clinic_id', '=', 'due.clinic_id')
      .whereRef('jobs.id', '=', 'due.id')
      .returning(claimedColumns)
      .execute(),
  );
  return rows.map(toClaimed);
}

/**
 * Claims the given jobs if they are still due and free (the fast path after a commit). A runner
 * racing for the same rows waits for the other's claim, then finds them leased and skips them.
 * Answers them in the order asked.
 */
export async function claimIds(
  db: Database,
  keys: readonly JobKey[],
  names: readonly string[],
  lease: Lease,
): Promise<ClaimedJob[]> {
  if (keys.length === 0 || names.length === 0) return [];
  const rows = await asRunner(db, (trx) =>
    trx
      .updateTable('jobs')
      .set((eb) => ({ ...leaseValues(lease), attempts: eb('jobs.attempts', '+', 1) }))
      .where((eb) =>
        eb(
          eb.refTuple('clinic_id', 'id'),
          'in',
          keys.map((k) => eb.tuple(k.clinicId, k.id)),
        ),
      )
      .where('status', '=', 'pending')
      .where('run_at', '<=', lease.now)
      .where('name', 'in', names)
      .returning(claimedColumns)
      .execute(),
  );
  const order = new Map(keys.map((k, i) => [k.id, i]));
  return rows.map(toClaimed).sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
}

/** Marks jobs done, unless claimed again since (the lease token fences a stale runner). */
export async function markDone(db: Database, jobs: readonly ClaimedJob[], now: Date): Promise<void> {
  if (jobs.length === 0) return;
  await asRunner(db, (trx) =>
    trx
      .updateTable('jobs')
      .set({
        status: 'done',
        finished_at: now,
        last_error: null,
        lease_owner: null,
        lease_token: null,
        lease_until: null,
      })
      .where((eb) =>
        eb(
          eb.refTuple('clinic_id', 'id', 'lease_token'),
          'in',
          jobs.map((j) => eb.tuple(j.clinicId, j.id, j.token)),
        ),
      )
      .where('status', '=', 'pending')
      .execute(),
  );
}

/** Records a failed try: due again at `retryAt`, or dead when `retryAt` is null. */
export async function markFailed(
  db: Database,
  job: ClaimedJob,
  now: Date,
  error: string,
  retryAt: Date | null,
): Promise<void> {
  await asRunner(db, (trx) =>
    trx
      .updateTable('jobs')
      .set({
        last_error: error,
        lease_owner: null,
        lease_token: null,
        lease_until: null,
        ...(retryAt ? { run_at: retryAt } : { status: 'dead' as const, finished_at: now }),
      })
      .where('clinic_id', '=', job.clinicId)
      .where('id', '=', job.id)
      .where('lease_token', '=', job.token)
      .where('status', '=', 'pending')
      .execute(),
  );
}

/**
 * Adds schedules not yet stored; a schedule whose spec changed starts over from `next`.
 * Answers each schedule's stored next run.
 */
export async function ensureSchedules(
  db: Database,
  schedules: ReadonlyArray<{ name: string; spec: string; next: Date }>,
): Promise<Map<string, Date>> {
  if (schedules.length === 0) return new Map();
  return asRunner(db, async (trx) => {
    for (const s of schedules) {
      await trx
        .insertInto('job_schedules')
        .values({ name: s.name, spec: s.spec, next_run_at: s.next })
        .onConflict((oc) =>
          oc
            .column('name')
            .doUpdateSet({ spec: s.spec, next_run_at: s.next })
            .where('job_schedules.spec', '<>', s.spec),
        )
        .execute();
    }
    const rows = await trx
      .selectFrom('job_schedules')
      .select(['name', 'next_run_at'])
      .where(
        'name',
        'in',
        schedules.map((s) => s.name),
      )
      .execute();
    return new Map(rows.map((r) => [r.name, new Date(r.next_run_at)]));
  });
}

/**
 * Takes the schedule's current period if it is due: moves next_run_at on in one conditional
 * UPDATE, so of several instances asking at once exactly one gets the row (the others, after
 * waiting on its lock, find it no longer due). Answers whether this caller took it, and the
 * schedule's next run as stored now.
 */
export async function claimPeriod(
  db: Database,
  name: string,
  now: Date,
  next: Date,
  owner: string,
): Promise<{ taken: boolean; next: Date | undefined }> {
  return asRunner(db, async (trx) => {
    const taken = await trx
      .updateTable('job_schedules')
      .set({ next_run_at: next, last_run_at: now, last_owner: owner })
      .where('name', '=', name)
      .where('next_run_at', '<=', now)
      .returning('next_run_at')
      .executeTakeFirst();
    if (taken) return { taken: true, next };
    const row = await trx
      .selectFrom('job_schedules')
      .select('next_run_at')
      .where('name', '=', name)
      .executeTakeFirst();
    return { taken: false, next: row ? new Date(row.next_run_at) : undefined };
  });
}

/** Deletes finished jobs (done before `doneBefore`, dead before `deadBefore`); returns how many. */
export async function purgeFinished(db: Database, doneBefore: Date, deadBefore: Date): Promise<number> {
  return asRunner(db, async (trx) => {
    const res = await trx
      .deleteFrom('jobs')
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'done'), eb('finished_at', '<', doneBefore)]),
          eb.and([eb('status', '=', 'dead'), eb('finished_at', '<', deadBefore)]),
        ]),
      )
      .executeTakeFirst();
    return Number(res.numDeletedRows);
  });
}
