import { describe, expect, it } from 'vitest';
import {
  type AccessChange,
  type AccessChannel,
  AccessListener,
  parseAccessPayload,
} from './access-listener.ts';

/** A channel the test drives: it decides the version, sends notifications and cuts the line. */
class FakeChannel implements AccessChannel {
  version = 7;
  connects = 0;
  failConnect = false;
  failRead = false;
  notify: (payload: string) => void = () => {};
  cut: (err: unknown) => void = () => {};
  async connect(onNotify: (payload: string) => void, onDown: (err: unknown) => void): Promise<void> {
    this.connects++;
    if (this.failConnect) throw new Error('refused');
    this.notify = onNotify;
    this.cut = onDown;
  }
  async readVersion(): Promise<number> {
    if (this.failRead) throw new Error('gone');
    return this.version;
  }
  async close(): Promise<void> {}
}

async function started(opts: ConstructorParameters<typeof AccessListener>[1] = {}) {
  const channel = new FakeChannel();
  const listener = new AccessListener(channel, { pollMs: 60_000, reconnectMs: 5, ...opts });
  const changes: AccessChange[] = [];
  listener.onChange((c) => changes.push(c));
  await listener.start();
  return { channel, listener, changes };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('parseAccessPayload', () => {
  it('reads the version and scopes, and nothing else', () => {
    expect(parseAccessPayload('12 u:a c:b')).toEqual({ version: 12, scopes: ['u:a', 'c:b'] });
    expect(parseAccessPayload('3 *')).toEqual({ version: 3, scopes: ['*'] });
    for (const bad of ['', 'x u:a', '12', '1e400 u:a']) expect(parseAccessPayload(bad)).toBeNull();
  });
});

describe('AccessListener', () => {
  it('is trusted once connected, and a connect drops everything cached before', async () => {
    const { listener, changes } = await started();
    expect(listener.trusted).toBe(true);
    expect(listener.version).toBe(7);
    expect(changes).toEqual([{ version: 7, scopes: ['*'], via: 'connect' }]);
    await listener.close();
    expect(listener.trusted).toBe(false);
  });

  it('passes a notification on with its scopes; a gap in versions drops everything', async () => {
    const { channel, listener, changes } = await started();
    channel.notify('8 u:one c:two');
    expect(changes.at(-1)).toEqual({ version: 8, scopes: ['u:one', 'c:two'], via: 'notify' });
    channel.notify('10 u:three'); // 9 never came
    expect(changes.at(-1)).toEqual({ version: 10, scopes: ['*'], via: 'notify' });
    expect(listener.stats.missed).toBe(1);
    await listener.close();
  });

  it('a change the poll finds and no notification announced drops everything by the next poll', async () => {
    const { channel, listener, changes } = await started();
    channel.version = 8;
    expect(await listener.poll()).toBe(true); // may still be on its way
    expect(changes).toHaveLength(1);
    channel.notify('8 u:one'); // it was
    expect(await listener.poll()).toBe(true);
    expect(listener.stats.missed).toBe(0);
    channel.version = 9; // this one never comes
    await listener.poll();
    await listener.poll();
    expect(changes.at(-1)).toEqual({ version: 9, scopes: ['*'], via: 'poll' });
    expect(listener.stats.missed).toBe(1);
    await listener.close();
  });

  it('while the connection is down it is not trusted; it reconnects and drops everything', async () => {
    const { channel, listener, changes } = await started();
    channel.failConnect = true;
    channel.cut(new Error('terminated'));
    expect(listener.trusted).toBe(false);
    expect(changes.at(-1)?.scopes).toEqual(['*']);
    await sleep(30);
    expect(listener.trusted).toBe(false); // still refused
    channel.failConnect = false;
    channel.version = 20;
    for (let i = 0; i < 100 && !listener.trusted; i++) await sleep(5);
    expect(listener.trusted).toBe(true);
    expect(changes.at(-1)).toEqual({ version: 20, scopes: ['*'], via: 'connect' });
    expect(listener.stats.reconnects).toBeGreaterThanOrEqual(2);
    await listener.close();
  });

  it('a poll that fails takes trust away at once', async () => {
    const { channel, listener } = await started();
    channel.failRead = true;
    expect(await listener.poll()).toBe(false);
    expect(listener.up).toBe(false);
    expect(listener.trusted).toBe(false);
    await listener.close();
  });

  it('after its own change, it is not trusted until the change comes round (or the wait ends)', async () => {
    const { channel, listener, changes } = await started({ ownChangeWaitMs: 40 });
    listener.ownChange('8 u:me');
    expect(changes.at(-1)).toEqual({ version: 8, scopes: ['u:me'], via: 'own' });
    expect(listener.trusted).toBe(false);
    channel.notify('8 u:me');
    expect(listener.trusted).toBe(true);
    // A commit that failed after its NOTICE never comes round: trust returns after the wait.
    listener.ownChange('9 u:me');
    expect(listener.trusted).toBe(false);
    await sleep(60);
    expect(listener.trusted).toBe(true);
    await listener.close();
  });

  it('is shared: the last stop closes it', async () => {
    const { channel, listener } = await started();
    await listener.start();
    expect(channel.connects).toBe(1);
    await listener.stop();
    expect(listener.trusted).toBe(true);
    await listener.stop();
    expect(listener.trusted).toBe(false);
  });
});
