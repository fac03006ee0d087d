import { expect, it } from 'vitest';
import { describeEachDb } from '../../test/harness.ts';
import { systemActor } from '../db/database.ts';
import { withGlobal } from '../db/tenancy.ts';
import { hit, peek } from './rate-limit.ts';

describeEachDb('rate limits', (t) => {
  const limit = (key: string) => ({ key, max: 3, windowSeconds: 60 });
  const count = (key: string) => withGlobal(t().db, systemActor, (tx) => hit(tx, limit(key)));

  it('allows up to max hits per window, then refuses until the window ends', async () => {
    const key = `test:${Math.random()}`;
    const states = [];
    for (let i = 0; i < 5; i++) states.push(await count(key));
    expect(states.map((s) => s.allowed)).toEqual([true, true, true, false, false]);
    expect(states[4]!.retryAfter).toBeGreaterThan(0);
    t().clock.advance(61_000);
    expect((await count(key)).count).toBe(1);
  });

  it('counts every one of many concurrent hits exactly once', async () => {
    const key = `test:${Math.random()}`;
    await Promise.all(Array.from({ length: 20 }, () => count(key)));
    const state = await withGlobal(t().db, systemActor, (tx) => peek(tx, limit(key)));
    expect(state.count).toBe(20);
  });

  it('a window stamped in the future (a clock that ran ahead) starts over instead of locking people out', async () => {
    const key = `test:${Math.random()}`;
    const ahead = new Date(t().clock.now().getTime() + 3600_000);
    await t()
      .db.owner.insertInto('rate_limits')
      .values({ key, window_started_at: ahead, count: 99 })
      .execute();
    const state = await count(key);
    expect(state).toMatchObject({ count: 1, allowed: true });
  });
});
