import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.ts';
import { OutboxFileTransport } from './file-transport.ts';

describe('OutboxFileTransport', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'cliniclick-outbox-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes one valid JSON line per message when many are sent at once', async () => {
    // A folder that does not exist yet, as on a fresh DATA_DIR.
    const file = path.join(dir, 'data', 'nested', 'outbox.jsonl');
    const clock = new ManualClock('2026-03-01T10:00:00Z');
    const transport = new OutboxFileTransport(file, { clock });
    const n = 200;
    // Long bodies make torn or interleaved writes visible if they ever happen.
    const big = 'x'.repeat(20_000);
    await Promise.all(
      Array.from({ length: n }, (_, i) =>
        transport.send(
          i % 2 === 0
            ? { channel: 'sms', to: `+1555000${String(i).padStart(4, '0')}`, body: `code ${i} ${big}` }
            : {
                channel: 'email',
                to: `u${i}@example.test`,
                subject: `Subject ${i}`,
                body: `hello ${i}\nline two`,
              },
        ),
      ),
    );
    await transport.close();

    const lines = (await readFile(file, 'utf8')).split('\n');
    expect(lines.pop()).toBe(''); // ends with a newline
    expect(lines).toHaveLength(n);
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const seen = new Set<string>();
    for (const row of parsed) {
      if (row.channel === 'sms') {
        expect(Object.keys(row)).toEqual(['channel', 'to', 'body', 'createdAt']);
        expect(row.body).toMatch(/^code \d+ x+$/);
        expect((row.body as string).length).toBeGreaterThan(20_000);
      } else {
        expect(Object.keys(row)).toEqual(['channel', 'to', 'subject', 'body', 'createdAt']);
        expect(row.body).toMatch(/^hello \d+\nline two$/);
      }
      expect(row.createdAt).toBe('2026-03-01T10:00:00.000Z');
      seen.add(row.to as string);
    }
    expect(seen.size).toBe(n);
    // Only the owner may read OTP codes.
    expect((await stat(file)).mode & 0o077).toBe(0);
  });

  it('uses the time the message was queued when it has one', async () => {
    const file = path.join(dir, 'outbox.jsonl');
    const transport = new OutboxFileTransport(file);
    await transport.send({
      channel: 'sms',
      to: '+15555550100',
      body: 'Your code is 123456',
      createdAt: new Date('2026-02-02T02:02:02Z'),
    });
    const line = JSON.parse((await readFile(file, 'utf8')).trim()) as Record<string, unknown>;
    expect(line).toEqual({
      channel: 'sms',
      to: '+15555550100',
      body: 'Your code is 123456',
      createdAt: '2026-02-02T02:02:02.000Z',
    });
  });

  it('makes the folder again if it is removed while running', async () => {
    const file = path.join(dir, 'data', 'outbox.jsonl');
    const transport = new OutboxFileTransport(file);
    await transport.send({ channel: 'sms', to: '+15555550101', body: 'one' });
    await rm(path.join(dir, 'data'), { recursive: true });
    await transport.send({ channel: 'sms', to: '+15555550101', body: 'two' });
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { body: string }).body)).toEqual(['two']);
  });

  it('fails the send (so the outbox retries) when the file cannot be written, then recovers', async () => {
    const blocker = path.join(dir, 'blocker');
    await writeFile(blocker, 'a file where the folder should be');
    const transport = new OutboxFileTransport(path.join(blocker, 'outbox.jsonl'));
    await expect(transport.send({ channel: 'sms', to: '+15555550102', body: 'lost?' })).rejects.toThrow();
    await rm(blocker);
    // The failed write neither jams the queue nor caches the failed mkdir.
    await transport.send({ channel: 'sms', to: '+15555550102', body: 'retried' });
    const line = JSON.parse(await readFile(path.join(blocker, 'outbox.jsonl'), 'utf8')) as { body: string };
    expect(line.body).toBe('retried');
  });
});
