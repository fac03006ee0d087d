import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../modules.ts';
import { databaseKinds, testDatabaseUrl } from '../../test/harness.ts';
import { ManualClock } from '../clock.ts';
import { Database, systemActor } from '../db/database.ts';
import { newId } from '../db/ids.ts';
import { withClinic, withGlobal } from '../db/tenancy.ts';
import type { DomainEvent } from '../events/bus.ts';
import { InProcessEventBus } from '../events/in-process.ts';
import { eventPublisher, publishEventJob, reactionJob } from './maintenance.ts';
import { JobRegistry } from './registry.ts';
import { createJobRunner, type JobRunnerOptions } from './runner.ts';
import type { JobDefinition, JobRequest, ReactionDefinition, ScheduleDefinition } from './types.ts';

/**
 * The queue on a bare database (no app, so no runner listens unless a test starts one). Job and
 * schedule names are fresh per test: on PostgreSQL the tables outlive a run and are shared with
 * other files, and a runner claims only the names it knows.
 */

const fresh = (what: string) => `test.${what}-${randomBytes(4).toString('hex')}`;

interface Ctx {
  db: Database;
  events: InProcessEventBus;
}

for (const kind of databaseKinds) {
  describe(`job queue [${kind}]`, () => {
    const clock = new ManualClock(new Date());
    let db: Database;
    /** A second instance: its own pool on PostgreSQL; PGlite has one connection to share. */
    let other: Database;
    const opened: Database[] = [];

    beforeAll(async () => {
      db = await Database.open({
        url: kind === 'postgres' ? testDatabaseUrl : undefined,
        clock,
        poolSize: 4,
      });
      await db.migrate(MIGRATIONS);
      other = kind === 'postgres' ? await Database.open({ url: testDatabaseUrl, clock, poolSize: 4 }) : db;
      opened.push(db);
      if (other !== db) opened.push(other);
    });
    afterAll(async () => {
      for (const d of opened) await d.close();
    });

    function runner(
      defs: { jobs?: JobDefinition<Ctx>[]; schedules?: ScheduleDefinition<Ctx>[] },
      opts: Partial<JobRunnerOptions<Ctx>> & { on?: Database; events?: InProcessEventBus } = {},
    ) {
      const on = opts.on ?? db;
      return createJobRunner<Ctx>({
        db: on,
        clock,
        registry: new JobRegistry<Ctx>([defs]),
        context: { db: on, events: opts.events ?? new InProcessEventBus() },
        ...opts,
      });
    }

    const enqueue = (req: JobRequest) => withGlobal(db, systemActor, (tx) => tx.enqueue(req));

    function jobRow(id: string) {
      return db.owner.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    }

    it('runs a committed job with its payload once, and a job due later only when it comes due', async () => {
      const name = fresh('hello');
      const seen: unknown[] = [];
      const r = runner({ jobs: [{ name, run: async (p) => void seen.push(p) }] });
      const now = await enqueue({ name, payload: { to: 'you' } });
      const later = await enqueue({
        name,
        payload: { to: 'later' },
        runAt: new Date(clock.now().getTime() + 60_000),
      });
      expect(await r.runDue()).toBe(1);
      expect(seen).toEqual([{ to: 'you' }]);
      expect(await jobRow(now!)).toMatchObject({ status: 'done', attempts: 1, lease_owner: null });
      expect(await r.runDue()).toBe(0);
      clock.advance(60_000);
      expect(await r.runDue()).toBe(1);
      expect(seen).toEqual([{ to: 'you' }, { to: 'later' }]);
      expect((await jobRow(later!)).status).toBe('done');
    });

    it('queues nothing for a rolled-back transaction', async () => {
      const name = fresh('rolled-back');
      let runs = 0;
      await expect(
        withGlobal(db, systemActor, async (tx) => {
          await tx.enqueue({ name });
          throw new Error('the change failed');
        }),
      ).rejects.toThrow('the change failed');
      expect(await runner({ jobs: [{ name, run: async () => void runs++ }] }).runDue()).toBe(0);
      expect(runs).toBe(0);
    });

    it('an idempotency key queues one job however often it is replayed, also after it ran', async () => {
      const name = fresh('once');
      let runs = 0;
      const r = runner({ jobs: [{ name, run: async () => void runs++ }] });
      const key = `booking-${newId()}`;
      const results = await Promise.all([1, 2, 3].map(() => enqueue({ name, idempotencyKey: key })));
      expect(results.filter((id) => id !== null)).toHaveLength(1);
      await r.runDue();
      expect(await enqueue({ name, idempotencyKey: key })).toBeNull();
      await r.runDue();
      expect(runs).toBe(1);
    });

    it('retries a failing job with doubling delays, then keeps it dead with its error', async () => {
      const name = fresh('flaky');
      let runs = 0;
      const warnings: object[] = [];
      const errors: object[] = [];
      const r = runner(
        {
          jobs: [
            {
              name,
              maxAttempts: 3,
              backoff: { baseMs: 1000, maxMs: 60_000 },
              run: async () => {
                runs++;
                throw new Error(`provider down (${runs})`);
              },
            },
          ],
        },
        { logger: { warn: (o) => warnings.push(o), error: (o) => errors.push(o) } },
      );
      const id = (await enqueue({ name, payload: { secret: 'do-not-log' } }))!;
      await r.runDue();
      let row = await jobRow(id);
      expect(row).toMatchObject({ status: 'pending', attempts: 1, last_error: 'provider down (1)' });
      expect(new Date(row.run_at).getTime() - clock.now().getTime()).toBe(1000);
      clock.advance(999);
      await r.runDue();
      expect(runs).toBe(1);
      clock.advance(1);
      await r.runDue();
      expect(runs).toBe(2);
      row = await jobRow(id);
      expect(new Date(row.run_at).getTime() - clock.now().getTime()).toBe(2000); // doubled
      clock.advance(2000);
      await r.runDue();
      row = await jobRow(id);
      expect(row).toMatchObject({ status: 'dead', attempts: 3, last_error: 'provider down (3)' });
      expect(row.finished_at).not.toBeNull();
      clock.advance(24 * 3600_000);
      await r.runDue();
      expect(runs).toBe(3);
      expect(warnings).toHaveLength(2);
      expect(errors).toHaveLength(1);
      expect(JSON.stringify([...warnings, ...errors])).not.toContain('do-not-log');
    });

    it('a job whose runner died mid-run is retaken when its lease ends, and the stale runner cannot undo it', async () => {
      const name = fresh('lease');
      let release: (err?: Error) => void = () => {};
      let claimedByA: () => void = () => {};
      const started = new Promise<void>((r) => {
        claimedByA = r;
      });
      const a = runner(
        {
          jobs: [
            {
              name,
              run: () =>
                new Promise<void>((resolve, reject) => {
                  release = (err) => (err ? reject(err) : resolve());
                  claimedByA();
                }),
            },
          ],
        },
        { leaseMs: 60_000, owner: 'instance-a' },
      );
      let bRuns = 0;
      const b = runner({ jobs: [{ name, run: async () => void bRuns++ }] }, { on: other, leaseMs: 60_000 });
      const id = (await enqueue({ name }))!;
      const aRun = a.runDue();
      await started;
      expect((await jobRow(id)).lease_owner).toBe('instance-a');
      expect(await b.runDue()).toBe(0); // leased to A
      clock.advance(60_000);
      expect(await b.runDue()).toBe(1);
      expect(bRuns).toBe(1);
      release(new Error('killed'));
      await aRun;
      expect(await jobRow(id)).toMatchObject({ status: 'done', attempts: 2, last_error: null });
    });

    it('two runners claiming at once run each job exactly once', async () => {
      const name = fresh('race');
      const runs = new Map<string, number>();
      const def: JobDefinition<Ctx> = {
        name,
        run: async (_p, _c, job) => {
          runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
          await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 3)));
        },
      };
      const ids = await withGlobal(db, systemActor, async (tx) => {
        const out: string[] = [];
        for (let i = 0; i < 40; i++) out.push((await tx.enqueue({ name, payload: { i } }))!);
        return out;
      });
      const a = runner({ jobs: [def] }, { concurrency: 3 });
      const b = runner({ jobs: [def] }, { on: other, concurrency: 3 });
      const done = await Promise.all([a.runDue(), b.runDue(), a.runDue(), b.runDue()]);
      expect([...runs.keys()].sort()).toEqual([...ids].sort());
      expect([...runs.values()].every((n) => n === 1)).toBe(true);
      expect(done.reduce((s, n) => s + n, 0)).toBe(40);
    });

    it('a schedule fires once per period however many instances ask', async () => {
      const name = fresh('tick');
      let runs = 0;
      const def: ScheduleDefinition<Ctx> = { name, every: 60_000, run: async () => void runs++ };
      const a = runner({ schedules: [def] });
      const b = runner({ schedules: [def] }, { on: other });
      // The first period ends a minute after the schedule is first stored.
      expect([...(await a.fireSchedules()), ...(await b.fireSchedules())]).toEqual([]);
      clock.advance(60_000);
      const first = await Promise.all([a.fireSchedules(), b.fireSchedules(), a.fireSchedules()]);
      expect(first.flat()).toEqual([name]);
      expect(runs).toBe(1);
      expect(await Promise.all([a.fireSchedules(), b.fireSchedules()])).toEqual([[], []]);
      clock.advance(60_000);
      await Promise.all([b.fireSchedules(), a.fireSchedules()]);
      expect(runs).toBe(2);
      const row = await db.owner
        .selectFrom('job_schedules')
        .selectAll()
        .where('name', '=', name)
        .executeTakeFirstOrThrow();
      expect(new Date(row.next_run_at).getTime()).toBe(clock.now().getTime() + 60_000);
    });

    it('a commit’s jobs run one by one after it, each marked done as it ends: a slow one never gets a finished one run again', async () => {
      const fast = fresh('fast');
      const slow = fresh('slow');
      let fastRuns = 0;
      // Another instance that knows only the fast job, polling while the slow one runs long.
      const elsewhere = runner({ jobs: [{ name: fast, run: async () => void fastRuns++ }] }, { on: other });
      let retakenMeanwhile = -1;
      let slowDone: () => void = () => {};
      const slowRan = new Promise<void>((resolve) => {
        slowDone = resolve;
      });
      const r = runner(
        {
          jobs: [
            { name: fast, run: async () => void fastRuns++ },
            {
              name: slow,
              run: async () => {
                clock.advance(10 * 60_000); // far past any lease
                retakenMeanwhile = await elsewhere.runDue();
                slowDone();
              },
            },
          ],
        },
        { leaseMs: 60_000 },
      );
      r.listen();
      try {
        await withGlobal(db, systemActor, async (tx) => {
          await tx.enqueue({ name: fast });
          await tx.enqueue({ name: slow });
        });
        await slowRan; // other jobs than events run after the commit without holding the caller
        expect(retakenMeanwhile).toBe(0);
        expect(fastRuns).toBe(1);
      } finally {
        await r.stop();
      }
    });

    it('a job started as often as it may be and never finished is kept dead, not run again', async () => {
      const name = fresh('hangs');
      let started = 0;
      const hangs = () =>
        runner(
          { jobs: [{ name, maxAttempts: 2, run: () => new Promise<void>(() => void started++) }] },
          { leaseMs: 60_000 },
        );
      const id = (await enqueue({ name }))!;
      void hangs().runDue(); // never finishes: as if its process died in it
      await expect.poll(() => started).toBe(1);
      clock.advance(60_000);
      void hangs().runDue();
      await expect.poll(() => started).toBe(2);
      clock.advance(60_000);
      await hangs().runDue();
      expect(started).toBe(2);
      expect(await jobRow(id)).toMatchObject({
        status: 'dead',
        last_error: 'started 2 times without finishing',
      });
    });

    it('an event is queued only by tx.emit, in its own clinic’s transaction', async () => {
      const clinicId = newId();
      const event = { topic: 't', clinicId: newId(), type: 'x', data: {}, at: clock.now().toISOString() };
      await expect(
        withClinic(db, clinicId, systemActor, (tx) =>
          tx.enqueue({ name: publishEventJob.name, payload: event }),
        ),
      ).rejects.toThrow(/tx.emit/);
      await expect(withClinic(db, clinicId, systemActor, (tx) => tx.emit(event))).rejects.toThrow(
        /emitted in clinic/,
      );
    });

    it('an event emitted in a rolled-back transaction is never published', async () => {
      const events = new InProcessEventBus();
      const seen: DomainEvent[] = [];
      const topic = fresh('topic');
      await events.subscribe(topic, (e) => void seen.push(e));
      const r = runner({ jobs: [publishEventJob] }, { events });
      r.listen();
      try {
        const clinicId = newId();
        await expect(
          withClinic(db, clinicId, systemActor, async (tx) => {
            await tx.emit({ topic, clinicId, type: 'thing.done', data: {}, at: tx.now.toISOString() });
            throw new Error('refused');
          }),
        ).rejects.toThrow('refused');
        await r.runDue();
        expect(seen).toEqual([]);
      } finally {
        await r.stop();
      }
    });

    it('an event committed while no runner runs is published when one starts; with one listening, as the change ends', async () => {
      const events = new InProcessEventBus();
      const seen: DomainEvent[] = [];
      const topic = fresh('topic');
      await events.subscribe(topic, (e) => void seen.push(e));
      const clinicId = newId();
      const emit = (type: string) =>
        withClinic(db, clinicId, systemActor, (tx) =>
          tx.emit({ topic, clinicId, type, data: { n: 1 }, at: tx.now.toISOString() }),
        );
      // As if the process died right after the commit: nobody was listening.
      await emit('while.down');
      expect(seen).toEqual([]);
      const r = runner({ jobs: [publishEventJob] }, { events, pollMs: 5 });
      r.start();
      try {
        await expect.poll(() => seen.map((e) => e.type), { timeout: 5000 }).toEqual(['while.down']);
        expect(seen[0]).toMatchObject({ clinicId, data: { n: 1 } });
        // With the runner listening, the event is out before the transaction's caller resumes.
        await emit('while.up');
        expect(seen.map((e) => e.type)).toEqual(['while.down', 'while.up']);
      } finally {
        await r.stop();
      }
    });

    it('a reaction runs once per event of its topic and type, in the event’s clinic, even when two instances publish it', async () => {
      const topic = fresh('topic');
      const seen: Array<{ type: string; clinicId: string | null }> = [];
      const reaction: ReactionDefinition<Ctx> = {
        name: fresh('react'),
        topic,
        types: ['wanted'],
        run: async (e, _ctx, job) => void seen.push({ type: e.type, clinicId: job.clinicId }),
      };
      const defs = { jobs: [eventPublisher([reaction]), reactionJob(reaction)] };
      const clinicId = newId();
      for (const type of ['wanted', 'other', 'wanted'])
        await withClinic(db, clinicId, systemActor, (tx) =>
          tx.emit({ topic, clinicId, type, data: {}, at: tx.now.toISOString() }),
        );
      const a = runner(defs);
      const b = runner(defs, { on: other });
      await Promise.all([a.runDue(), b.runDue()]);
      await Promise.all([a.runDue(), b.runDue()]);
      expect(seen).toEqual([
        { type: 'wanted', clinicId },
        { type: 'wanted', clinicId },
      ]);
    });

    it("keeps clinics' jobs apart: a clinic sees, queues and dedupes only its own", async () => {
      const name = fresh('isolated');
      const a = newId();
      const b = newId();
      const key = 'same-key';
      const inA = await withClinic(db, a, systemActor, (tx) => tx.enqueue({ name, idempotencyKey: key }));
      const inB = await withClinic(db, b, systemActor, (tx) => tx.enqueue({ name, idempotencyKey: key }));
      expect(inA).not.toBeNull();
      expect(inB).not.toBeNull(); // another clinic's key is not a conflict (nor a hint)
      const visible = (clinicId: string) =>
        withClinic(db, clinicId, systemActor, (tx) =>
          tx.db.selectFrom('jobs').select(['id', 'clinic_id']).where('name', '=', name).execute(),
        );
      expect(await visible(a)).toEqual([{ id: inA, clinic_id: a }]);
      expect(await visible(b)).toEqual([{ id: inB, clinic_id: b }]);
      const fromPlatform = await withGlobal(db, systemActor, (tx) =>
        tx.db.selectFrom('jobs').select('id').where('name', '=', name).execute(),
      );
      expect(fromPlatform).toEqual([]);
      // Writing a job into another clinic is refused by row-level security.
      await expect(
        withClinic(db, b, systemActor, (tx) =>
          tx.db
            .insertInto('jobs')
            .values({
              clinic_id: a,
              id: newId(),
              name,
              payload: '{}',
              run_at: tx.now,
              max_attempts: 1,
              created_at: tx.now,
            })
            .execute(),
        ),
      ).rejects.toThrow(/row-level security/);
      // The runner sees both, and hands each handler its clinic.
      const ran: Array<string | null> = [];
      await runner({ jobs: [{ name, run: async (_p, _c, job) => void ran.push(job.clinicId) }] }).runDue();
      expect(ran.sort()).toEqual([a, b].sort());
    });

    it('stop() waits for the jobs running and then runs no more', async () => {
      const name = fresh('slow');
      let finished = 0;
      let release: () => void = () => {};
      const gate = new Promise<void>((r) => {
        release = r;
      });
      const r = runner(
        {
          jobs: [
            {
              name,
              run: async () => {
                await gate;
                finished++;
              },
            },
          ],
        },
        { pollMs: 5 },
      );
      await enqueue({ name });
      r.start();
      await expect
        .poll(
          async () =>
            (
              await db.owner
                .selectFrom('jobs')
                .select('attempts')
                .where('name', '=', name)
                .executeTakeFirstOrThrow()
            ).attempts,
          { timeout: 5000 },
        )
        .toBe(1);
      let stopped = false;
      const stopping = r.stop().then(() => {
        stopped = true;
      });
      await new Promise((res) => setTimeout(res, 20));
      expect(stopped).toBe(false);
      release();
      await stopping;
      expect(finished).toBe(1);
      await enqueue({ name });
      await new Promise((res) => setTimeout(res, 30));
      expect(finished).toBe(1);
    });
  });
}
