import { expect, it } from 'vitest';
import { describeEachDb } from '../../test/harness.ts';
import { sweepRateLimits } from './maintenance.ts';

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
});
