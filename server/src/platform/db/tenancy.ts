import { sql, type Transaction } from 'kysely';
import { type AuditInput, appendAudit } from '../audit/audit.ts';
import type { DomainEvent } from '../events/bus.ts';
import { insertJob } from '../jobs/repo.ts';
import { type JobRequest, PUBLISH_EVENT_JOB } from '../jobs/types.ts';
import type { JobKey } from '../jobs/wake.ts';
import { appendLive, liveBusTopic } from '../live/log.ts';
import type { Actor, Database } from './database.ts';
import type { PlatformDB } from './schema.ts';

type AfterCommit = () => void | Promise<void>;

export interface BaseTx {
  /** The transaction, running as the non-owner app role. */
  readonly db: Transaction<PlatformDB>;
  readonly actor: Actor;
  /** The clock's time at the start of the transaction. */
  readonly now: Date;
  /** Runs after a successful commit (wake the outbox…). Never on rollback. */
  afterCommit(fn: AfterCommit): void;
  /**
   * Queues a job in this transaction (platform/jobs): it exists only if the change commits. In a
   * clinic's transaction the job is that clinic's. A job due now runs right after the commit on
   * this instance (not awaited by the caller). Answers its id, or null when `idempotencyKey`
   * was used already.
   */
  enqueue(job: JobRequest): Promise<string | null>;
  /**
   * Writes a domain event in this transaction; it is published after the commit (awaited before
   * the transaction's caller resumes) and, if this process dies first, by a job runner later:
   * at least once, never for a rolled-back change. Subscribers must be idempotent.
   */
  emit(event: DomainEvent): Promise<void>;
}

/** A transaction that sees exactly one clinic's rows. */
export interface ClinicTx extends BaseTx {
  readonly clinicId: string;
  /**
   * Records an audit event in this transaction, by the transaction's actor, or by `by` when who
   * acted is only learnt inside it (e.g. the person accepting an invitation).
   */
  audit(input: AuditInput, by?: Actor): Promise<void>;
  /**
   * Writes an event of one of this clinic's live topics (platform/live: what WebSocket clients
   * subscribe to, e.g. `queue` or `queue/doctor/<id>`): it takes the topic's next number, is kept
   * for replay, and is published after the commit like `emit` (at least once). Returns the number.
   */
  emitLive(topic: string, type: string, data: unknown): Promise<number>;
}

/** A transaction over platform tables (users, sessions, clinics…); it sees no clinic's rows but the actor's own memberships. */
export type GlobalTx = BaseTx;

async function runScoped<T, X extends BaseTx>(
  db: Database,
  scope: { clinicId: string | null; userId: string | null },
  build: (base: BaseTx) => X,
  fn: (tx: X) => Promise<T>,
): Promise<T> {
  const hooks: AfterCommit[] = [];
  // Jobs due now, run after the commit: events awaited (as a publish was), other jobs not.
  const events: JobKey[] = [];
  const jobs: JobKey[] = [];
  const result = await db.scoped(scope, (trx) => {
    const now = db.clock.now();
    const queue = async (req: JobRequest, into: JobKey[]): Promise<string | null> => {
      const key = await insertJob(trx, scope.clinicId, now, req);
      if (key && (!req.runAt || req.runAt <= now)) into.push(key);
      return key?.id ?? null;
    };
    const base: BaseTx = {
      db: trx,
      actor: { kind: 'system', userId: null },
      now,
      afterCommit: (h) => hooks.push(h),
      enqueue: (req) => {
        // An event's clinic is checked by emit; a hand-made publish job would skip that.
        if (req.name === PUBLISH_EVENT_JOB) throw new Error('events are queued with tx.emit, not tx.enqueue');
        return queue(req, jobs);
      },
      emit: async (event) => {
        if (scope.clinicId !== null && event.clinicId !== scope.clinicId)
          throw new Error(
            `an event of clinic ${event.clinicId} emitted in clinic ${scope.clinicId}'s transaction`,
          );
        await queue({ name: PUBLISH_EVENT_JOB, payload: event }, events);
      },
    };
    return fn(build(base));
  });
  for (const h of hooks) {
    try {
      await h();
    } catch {
      // After-commit work must not turn a committed change into an error for the caller;
      // what it does (outbox, events) has its own retries.
    }
  }
  void db.jobWake.committed(jobs);
  await db.jobWake.committed(events);
  return result;
}

/**
 * The one path to tenant data. Membership and role are checked before this (access hook);
 * row-level security for `clinicId` is the second wall.
 */
export function withClinic<T>(
  db: Database,
  rawClinicId: string,
  actor: Actor,
  fn: (tx: ClinicTx) => Promise<T>,
): Promise<T> {
  // PostgreSQL reads uuids in any case but the audit chain hashes the string: one form only.
  const clinicId = rawClinicId.toLowerCase();
  return runScoped(
    db,
    { clinicId, userId: actor.userId },
    (base) => ({
      ...base,
      actor,
      clinicId,
      audit: async (input: AuditInput, by?: Actor) => {
        await appendAudit(base.db, clinicId, by ?? actor, input, base.now);
      },
      emitLive: async (topic: string, type: string, data: unknown) => {
        const seq = await appendLive(base.db, clinicId, { topic, type, data, at: base.now });
        await base.emit({
          topic: liveBusTopic(clinicId, topic),
          clinicId,
          type,
          data,
          at: base.now.toISOString(),
          seq,
        });
        return seq;
      },
    }),
    fn,
  );
}

/** Platform tables only. Tenant tables show no rows here (RLS), except the actor's own memberships. */
export function withGlobal<T>(db: Database, actor: Actor, fn: (tx: GlobalTx) => Promise<T>): Promise<T> {
  return runScoped(db, { clinicId: null, userId: actor.userId }, (base) => ({ ...base, actor }), fn);
}

/**
 * Runs `fn` under a savepoint: when it throws, only its own changes are undone (the transaction
 * goes on) and the error is rethrown; otherwise the savepoint is released.
 */
export async function inSavepoint<T>(tx: BaseTx, fn: () => Promise<T>): Promise<T> {
  await sql`savepoint step`.execute(tx.db);
  try {
    const result = await fn();
    await sql`release savepoint step`.execute(tx.db);
    return result;
  } catch (err) {
    await sql`rollback to savepoint step`.execute(tx.db);
    throw err;
  }
}
