import { expect, it } from 'vitest';
import { createTestClinic, describeEachDb } from '../../test/harness.ts';
import { systemActor } from '../db/database.ts';
import { withClinic } from '../db/tenancy.ts';
import { liveEventsAfter, purgeLiveEvents } from '../live/replay.ts';
import { LIVE_EVENT_RETENTION_MS, sweepRateLimits } from './maintenance.ts';

describeEachDb('maintenance', (t) => {
  it('sweeps day-old throttling counters and keeps live ones', async () => {
    const now = t().clock.now();
    const tag = Math.random().toString(36).slice(2);
    await t()
      .db.owner.insertInto('rate_limits')
      .values([
        { key: `old:${tag}`, window_started_at: new Date(now.getTime() - 25 * 3600_000), count: 3 },
        { key: `live:${tag}`, window_started_at: new Date(now.getTime() - 60_000), count: 1 },
      ])
      .execute();
    expect(await sweepRateLimits(t().db)).toBeGreaterThanOrEqual(1);
    const keys = await t()
      .db.owner.selectFrom('rate_limits')
      .select('key')
      .where('key', 'like', `%:${tag}`)
      .execute();
    expect(keys.map((k) => k.key)).toEqual([`live:${tag}`]);
  });

  it('keeps live events a day for replay, then a client that was away longer is told to refetch', async () => {
    const clinic = await createTestClinic(t());
    const db = t().db;
    await withClinic(db, clinic.id, systemActor, async (tx) => {
      await tx.emitLive('purge/test', 'x.happened', { n: 1 });
      await tx.emitLive('purge/test', 'x.happened', { n: 2 });
    });
    const dayAgo = new Date(t().clock.now().getTime() - LIVE_EVENT_RETENTION_MS);
    await purgeLiveEvents(db, dayAgo);
    expect(await liveEventsAfter(db, clinic.id, 'purge/test', 0, 10)).toMatchObject({
      last: 2,
      events: [
        { seq: 1, data: { n: 1 } },
        { seq: 2, data: { n: 2 } },
      ],
    });
    expect(await purgeLiveEvents(db, new Date(t().clock.now().getTime() + 1))).toBeGreaterThanOrEqual(2);
    expect(await liveEventsAfter(db, clinic.id, 'purge/test', 0, 10)).toEqual({ refetch: true, last: 2 });
    expect(await liveEventsAfter(db, clinic.id, 'purge/test', 2, 10)).toEqual({ events: [], last: 2 });
  });
});
