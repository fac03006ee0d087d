import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDb, testDatabaseUrl } from '../../test/harness.ts';
import { Database, systemActor } from '../db/database.ts';
import { withGlobal } from '../db/tenancy.ts';
import { JobRegistry } from '../jobs/registry.ts';
import { createJobRunner, type JobLogger } from '../jobs/runner.ts';
import { enqueueMessage, type Message, type OutboxSignal, type Transport } from './message.ts';
import { createOutboxDispatcher, type OutboxDispatcher, outboxSchedule, SENT_BODY } from './outbox.ts';

/**
 * On PostgreSQL the outbox table is shared with every other test file, whose clocks run near
 * real time. This file's clock runs in 1995, so its drains only reach rows it queued itself;
 * deliveries are still counted per recipient, never as totals of the table.
 */
const PAST = '1995-06-01T08:00:00Z';

/** Records every send; `fail` decides which ones throw. */
function recordingTransport(opts: { fail?: (m: Message) => boolean; delayMs?: () => number } = {}) {
  const calls: Message[] = [];
  const transport: Transport & { calls: Message[] } = {
    calls,
    async send(m) {
      calls.push(m);
      const delay = opts.delayMs?.() ?? 0;
      if (delay > 0) await sleep(delay);
      if (opts.fail?.(m)) throw new Error(`provider refused ${m.channel}`);
    },
  };
  return transport;
}

function countingSignal(): OutboxSignal & { kicks: number } {
  const s = { kicks: 0, kick: () => void s.kicks++ };
  return s;
}

const uniquePhone = () => `+1${randomInt(1e9, 1e10)}`;

/**
 * The job runner as main.ts sets it up for the outbox: its schedule drains every `everyMs`, and a
 * kick triggers it. The schedule's name is fresh per runner: schedule rows outlive a run on a
 * shared PostgreSQL database, whose other runs' clocks this file's 1995 clock must not meet.
 */
function outboxRunner(
  db: Database,
  dispatcher: OutboxDispatcher,
  clock: { now(): Date },
  everyMs: number,
  logger?: JobLogger,
) {
  const schedule = { ...outboxSchedule(dispatcher, everyMs), name: `notify.outbox-test-${randomInt(1e9)}` };
  const runner = createJobRunner({
    db,
    clock,
    registry: new JobRegistry([{ schedules: [schedule] }]),
    context: {},
    pollMs: everyMs,
    ...(logger ? { logger } : {}),
  });
  const signal: OutboxSignal = { kick: () => runner.trigger(schedule.name) };
  return { runner, signal };
}

describeEachDb('outbox dispatcher', (t) => {
  beforeAll(() => {
    t().clock.set(PAST);
  });

  async function enqueue(messages: Message[], signal: OutboxSignal = countingSignal()): Promise<string[]> {
    return withGlobal(t().db, systemActor, async (tx) => {
      const ids: string[] = [];
      for (const m of messages) ids.push(await enqueueMessage(tx, signal, m));
      return ids;
    });
  }

  function row(id: string) {
    return t().db.owner.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }

  it('sends a committed message once, with its outbox id, and marks it sent', async () => {
    const phone = uniquePhone();
    const signal = countingSignal();
    const [smsId, emailId] = await enqueue(
      [
        { channel: 'sms', to: phone, body: 'Your code is 123456' },
        { channel: 'email', to: `${phone}@mail.test`, subject: 'Welcome', body: 'Hello' },
      ],
      signal,
    );
    expect(signal.kicks).toBe(2); // woken after the commit
    const transport = recordingTransport();
    const dispatcher = createOutboxDispatcher({ db: t().db, transport, clock: t().clock });

    const sent = await dispatcher.drain();
    expect(sent).toBeGreaterThanOrEqual(2);
    if (t().kind === 'pglite') expect(sent).toBe(2);
    const mine = transport.calls.filter((m) => m.to.startsWith(phone));
    expect(mine).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: smsId, channel: 'sms', to: phone, body: 'Your code is 123456' }),
        expect.objectContaining({ id: emailId, channel: 'email', subject: 'Welcome', body: 'Hello' }),
      ]),
    );
    expect(mine).toHaveLength(2);
    expect(mine[0]?.createdAt?.toISOString()).toBe(new Date(PAST).toISOString());
    const stored = await row(smsId!);
    expect(stored.sent_at).not.toBeNull();
    expect(stored.attempts).toBe(1);
    // The code does not stay readable in the database once delivered.
    expect(stored.body).toBe(SENT_BODY);

    // Nothing is sent twice, however often the dispatcher runs.
    await dispatcher.drain();
    t().clock.advance(24 * 3600_000);
    await dispatcher.drain();
    expect(transport.calls.filter((m) => m.to.startsWith(phone))).toHaveLength(2);
  });

  it('never sends the message of a rolled-back transaction', async () => {
    const phone = uniquePhone();
    const signal = countingSignal();
    let queuedId = '';
    await expect(
      withGlobal(t().db, systemActor, async (tx) => {
        queuedId = await enqueueMessage(tx, signal, { channel: 'sms', to: phone, body: 'code 000000' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(signal.kicks).toBe(0);
    const transport = recordingTransport();
    await createOutboxDispatcher({ db: t().db, transport, clock: t().clock }).drain();
    expect(transport.calls.filter((m) => m.to === phone)).toEqual([]);
    expect(await t().db.owner.selectFrom('outbox').select('id').where('id', '=', queuedId).execute()).toEqual(
      [],
    );
  });

  it('retries a failing send with growing delays, then gives up after maxAttempts', async () => {
    const phone = uniquePhone();
    const [id] = await enqueue([{ channel: 'sms', to: phone, body: 'reminder' }]);
    const transport = recordingTransport({ fail: (m) => m.to === phone });
    const logs: Array<{ level: string; obj: object }> = [];
    const dispatcher = createOutboxDispatcher({
      db: t().db,
      transport,
      clock: t().clock,
      maxAttempts: 3,
      retryBaseMs: 10_000,
      logger: {
        warn: (obj) => logs.push({ level: 'warn', obj }),
        error: (obj) => logs.push({ level: 'error', obj }),
      },
    });
    const attempts = () => transport.calls.filter((m) => m.to === phone).length;

    await dispatcher.drain();
    expect(attempts()).toBe(1);
    let stored = await row(id!);
    expect(stored.attempts).toBe(1);
    expect(stored.last_error).toBe('provider refused sms');
    expect(stored.sent_at).toBeNull();
    expect(stored.failed_at).toBeNull();
    expect(new Date(stored.available_at).getTime() - t().clock.now().getTime()).toBe(10_000);

    await dispatcher.drain(); // not due yet
    t().clock.advance(9_999);
    await dispatcher.drain();
    expect(attempts()).toBe(1);

    t().clock.advance(1);
    await dispatcher.drain();
    expect(attempts()).toBe(2);
    stored = await row(id!);
    expect(new Date(stored.available_at).getTime() - t().clock.now().getTime()).toBe(20_000); // doubled

    t().clock.advance(19_999);
    await dispatcher.drain();
    expect(attempts()).toBe(2);
    t().clock.advance(1);
    await dispatcher.drain();
    expect(attempts()).toBe(3);
    stored = await row(id!);
    expect(stored.failed_at).not.toBeNull();
    expect(stored.attempts).toBe(3);

    t().clock.advance(7 * 24 * 3600_000);
    await dispatcher.drain();
    expect(attempts()).toBe(3);

    // Operators see each failure, but never the phone number or the text (it may be an OTP).
    const mine = logs.filter((l) => (l.obj as { outboxId?: string }).outboxId === id);
    expect(mine.map((l) => l.level)).toEqual(['warn', 'warn', 'error']);
    expect(JSON.stringify(logs)).not.toContain(phone);
    expect(JSON.stringify(logs)).not.toContain('reminder');
  });

  it('keeps running when the database is away, and reports it', async () => {
    const gone = await Database.open({ clock: t().clock });
    await gone.close();
    const errors: object[] = [];
    const dispatcher = createOutboxDispatcher({
      db: gone,
      transport: recordingTransport(),
      clock: t().clock,
    });
    const { runner } = outboxRunner(gone, dispatcher, t().clock, 10, {
      warn: (obj) => errors.push(obj),
      error: (obj) => errors.push(obj),
    });
    runner.start();
    await expect.poll(() => errors.length, { timeout: 5000 }).toBeGreaterThanOrEqual(2);
    await runner.stop();
    await expect(dispatcher.drain()).rejects.toThrow();
  });

  it('gives up after 8 attempts by default, and a send that recovers is delivered', async () => {
    const dead = uniquePhone();
    const flaky = uniquePhone();
    const [deadId, flakyId] = await enqueue([
      { channel: 'sms', to: dead, body: 'never' },
      { channel: 'sms', to: flaky, body: 'eventually' },
    ]);
    let flakyFailures = 2;
    const transport = recordingTransport({
      fail: (m) => m.to === dead || (m.to === flaky && flakyFailures-- > 0),
    });
    const dispatcher = createOutboxDispatcher({ db: t().db, transport, clock: t().clock });
    for (let i = 0; i < 12; i++) {
      await dispatcher.drain();
      t().clock.advance(2 * 3600_000);
    }
    expect(transport.calls.filter((m) => m.to === dead)).toHaveLength(8);
    expect((await row(deadId!)).failed_at).not.toBeNull();
    expect(transport.calls.filter((m) => m.to === flaky)).toHaveLength(3);
    const recovered = await row(flakyId!);
    expect(recovered.sent_at).not.toBeNull();
    expect(recovered.last_error).toBeNull();
    expect(recovered.failed_at).toBeNull();
  });

  it('retries a message whose sender died mid-send once its lease ends, and sends it once', async () => {
    const phone = uniquePhone();
    const [id] = await enqueue([{ channel: 'sms', to: phone, body: 'lease' }]);
    // Dispatcher A claims the message and then hangs, as a process killed mid-send would.
    let release: (err: Error) => void = () => {};
    let claimed: () => void = () => {};
    const claimedByA = new Promise<void>((r) => {
      claimed = r;
    });
    const hanging: Transport = {
      send: (m) =>
        m.to === phone
          ? new Promise<void>((_, reject) => {
              release = reject;
              claimed();
            })
          : Promise.resolve(),
    };
    const a = createOutboxDispatcher({ db: t().db, transport: hanging, clock: t().clock, leaseMs: 60_000 });
    const aDrain = a.drain();
    await claimedByA;

    const transport = recordingTransport();
    const b = createOutboxDispatcher({ db: t().db, transport, clock: t().clock, leaseMs: 60_000 });
    await b.drain();
    expect(transport.calls.filter((m) => m.to === phone)).toHaveLength(0); // leased to A
    t().clock.advance(60_000);
    await b.drain();
    expect(transport.calls.filter((m) => m.to === phone)).toHaveLength(1);
    expect((await row(id!)).sent_at).not.toBeNull();

    // A wakes up and reports a failure: it must not undo B's delivery (its claim is stale).
    release(new Error('socket hang up'));
    await aDrain;
    const stored = await row(id!);
    expect(stored.sent_at).not.toBeNull();
    expect(stored.last_error).toBeNull();
    expect(stored.attempts).toBe(2);
  });

  it('two dispatchers draining at once deliver each message exactly once', async () => {
    const prefix = `+1${randomInt(1e6, 1e7)}`;
    const n = 60;
    const ids = await enqueue(
      Array.from({ length: n }, (_, i) => ({
        channel: 'sms' as const,
        to: `${prefix}${String(i).padStart(3, '0')}`,
        body: `message ${i}`,
      })),
    );
    // A second instance: its own connection pool on PostgreSQL; PGlite has one connection to share.
    const other =
      t().kind === 'postgres'
        ? await Database.open({ url: testDatabaseUrl, clock: t().clock, poolSize: 4 })
        : t().db;
    try {
      const transport = recordingTransport({ delayMs: () => Math.floor(Math.random() * 5) });
      const opts = { transport, clock: t().clock, batchSize: 4 };
      const a = createOutboxDispatcher({ ...opts, db: t().db });
      const b = createOutboxDispatcher({ ...opts, db: other });
      const counts = await Promise.all([a.drain(), b.drain(), a.drain(), b.drain()]);
      const mine = transport.calls.filter((m) => m.to.startsWith(prefix));
      const perId = new Map<string, number>();
      for (const m of mine) perId.set(m.id!, (perId.get(m.id!) ?? 0) + 1);
      expect([...perId.keys()].sort()).toEqual([...ids].sort());
      expect([...perId.values()].every((c) => c === 1)).toBe(true);
      expect(counts.reduce((s, c) => s + c, 0)).toBe(transport.calls.length);
      const unsent = await t()
        .db.owner.selectFrom('outbox')
        .select('id')
        .where('id', 'in', ids)
        .where('sent_at', 'is', null)
        .execute();
      expect(unsent).toEqual([]);
    } finally {
      if (other !== t().db) await other.close();
    }
  });

  it('the job runner sends what kick() announces, polls for retries, and stop() ends the sending', async () => {
    const transport = recordingTransport();
    const dispatcher = createOutboxDispatcher({ db: t().db, transport, clock: t().clock });
    // Periods of 20 ms on the test's clock: the kick sends at once, with no period passing.
    const { runner, signal } = outboxRunner(t().db, dispatcher, t().clock, 20);
    runner.start();
    try {
      const phone = uniquePhone();
      await enqueue([{ channel: 'sms', to: phone, body: 'kicked' }], signal);
      await expect
        .poll(() => transport.calls.filter((m) => m.to === phone).length, { timeout: 5000 })
        .toBe(1);

      // A retry that comes due later is found by polling, with no kick.
      const later = uniquePhone();
      let fail = true;
      const [id] = await enqueue([{ channel: 'sms', to: later, body: 'polled' }], countingSignal());
      t().clock.advance(20); // the schedule's next period
      transport.send = async (m) => {
        transport.calls.push(m);
        if (m.to === later && fail) {
          fail = false;
          throw new Error('busy');
        }
      };
      await expect
        .poll(() => transport.calls.filter((m) => m.to === later).length, { timeout: 5000 })
        .toBe(1);
      t().clock.advance(10_000);
      await expect.poll(async () => (await row(id!)).sent_at !== null, { timeout: 5000 }).toBe(true);
    } finally {
      await runner.stop();
    }
    const quiet = uniquePhone();
    await enqueue([{ channel: 'sms', to: quiet, body: 'after stop' }], signal);
    await sleep(100);
    expect(transport.calls.filter((m) => m.to === quiet)).toHaveLength(0);
  });
});
