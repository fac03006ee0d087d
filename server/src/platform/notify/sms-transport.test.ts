import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.ts';
import {
  HttpSmsTransport,
  SMS_SIGNATURE_HEADER,
  SMS_TIMESTAMP_HEADER,
  type SmsRequestBody,
  signSmsRequest,
  verifySmsSignature,
} from './sms-transport.ts';

const SECRET = 'sms-provider-shared-secret-0123456789';

interface Got {
  body: SmsRequestBody;
  rawBody: string;
  timestamp: string | undefined;
  signature: string | undefined;
}

/**
 * A stand-in SMS provider: it checks the signature with verifySmsSignature exactly as a real
 * provider adapter would, answers 401 when it does not verify, and `mode` forces failures.
 */
async function startProvider(): Promise<{
  url: string;
  got: Got[];
  mode: { status: number; delayMs: number };
  close(): Promise<void>;
}> {
  const got: Got[] = [];
  const mode = { status: 202, delayMs: 0 };
  const server: Server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const timestamp = req.headers[SMS_TIMESTAMP_HEADER.toLowerCase()] as string | undefined;
    const signature = req.headers[SMS_SIGNATURE_HEADER.toLowerCase()] as string | undefined;
    if (mode.delayMs) await new Promise((r) => setTimeout(r, mode.delayMs));
    if (!verifySmsSignature(SECRET, timestamp, rawBody, signature, new Date(), 300)) {
      res.writeHead(401).end('bad signature');
      return;
    }
    if (mode.status >= 300) {
      res.writeHead(mode.status).end('provider is down');
      return;
    }
    got.push({ body: JSON.parse(rawBody) as SmsRequestBody, rawBody, timestamp, signature });
    res.writeHead(mode.status, { 'content-type': 'application/json' }).end('{"queued":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/sms/send`,
    got,
    mode,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('HttpSmsTransport', () => {
  let provider: Awaited<ReturnType<typeof startProvider>>;
  beforeAll(async () => {
    provider = await startProvider();
  });
  afterAll(async () => {
    await provider.close();
  });

  it('posts a signed request the provider verifies and accepts', async () => {
    const sms = new HttpSmsTransport({ url: provider.url, secret: SECRET, sender: 'Cliniclick' });
    const before = Math.floor(Date.now() / 1000);
    await sms.send({ id: 'msg-1', channel: 'sms', to: '+15555550100', body: 'Your code is 123456' });
    const got = provider.got.find((g) => g.body.id === 'msg-1');
    expect(got?.body).toEqual({
      to: '+15555550100',
      body: 'Your code is 123456',
      sender: 'Cliniclick',
      id: 'msg-1',
    });
    expect(Number(got?.timestamp)).toBeGreaterThanOrEqual(before);
    expect(got?.signature).toMatch(/^v1=[0-9a-f]{64}$/);
  });

  it('throws on a non-2xx answer, so the outbox retries', async () => {
    const sms = new HttpSmsTransport({ url: provider.url, secret: SECRET, sender: 'Cliniclick' });
    provider.mode.status = 500;
    try {
      await expect(
        sms.send({ id: 'msg-500', channel: 'sms', to: '+15555550100', body: 'x' }),
      ).rejects.toThrow(/answered 500: provider is down/);
    } finally {
      provider.mode.status = 202;
    }
    expect(provider.got.some((g) => g.body.id === 'msg-500')).toBe(false);
  });

  it('is refused by the provider when signed with the wrong secret', async () => {
    const sms = new HttpSmsTransport({
      url: provider.url,
      secret: 'not-the-shared-secret-000',
      sender: 'Cliniclick',
    });
    await expect(
      sms.send({ id: 'msg-forged', channel: 'sms', to: '+15555550100', body: 'x' }),
    ).rejects.toThrow(/answered 401/);
    expect(provider.got.some((g) => g.body.id === 'msg-forged')).toBe(false);
  });

  it('is refused when its clock is far off (an old, replayed signature)', async () => {
    const clock = new ManualClock(new Date(Date.now() - 3600_000));
    const sms = new HttpSmsTransport({ url: provider.url, secret: SECRET, sender: 'Cliniclick', clock });
    await expect(sms.send({ id: 'msg-old', channel: 'sms', to: '+15555550100', body: 'x' })).rejects.toThrow(
      /401/,
    );
  });

  it('throws on a timeout and when nothing listens', async () => {
    provider.mode.delayMs = 500;
    try {
      const slow = new HttpSmsTransport({ url: provider.url, secret: SECRET, sender: 'C', timeoutMs: 100 });
      await expect(slow.send({ channel: 'sms', to: '+15555550100', body: 'x' })).rejects.toThrow(/timed out/);
    } finally {
      provider.mode.delayMs = 0;
    }
    const gone = await startProvider();
    await gone.close();
    const dead = new HttpSmsTransport({ url: gone.url, secret: SECRET, sender: 'C' });
    await expect(dead.send({ channel: 'sms', to: '+15555550100', body: 'x' })).rejects.toThrow(/unreachable/);
  });

  it('refuses to send an email', async () => {
    const sms = new HttpSmsTransport({ url: provider.url, secret: SECRET, sender: 'C' });
    await expect(sms.send({ channel: 'email', to: 'a@b.test', body: 'x' })).rejects.toThrow(
      /cannot send email/,
    );
  });
});

describe('verifySmsSignature', () => {
  const now = new Date('2026-05-01T12:00:00Z');
  const ts = Math.floor(now.getTime() / 1000);
  const raw = '{"to":"+15555550100","body":"Your code is 123456","sender":"C","id":"x"}';
  const good = signSmsRequest(SECRET, ts, raw);

  it('accepts the exact signature and nothing near it', () => {
    expect(verifySmsSignature(SECRET, String(ts), raw, good, now, 300)).toBe(true);
    expect(verifySmsSignature('another-secret-entirely', String(ts), raw, good, now, 300)).toBe(false);
    // A changed body (another recipient, another code) breaks it.
    expect(verifySmsSignature(SECRET, String(ts), raw.replace('123456', '000000'), good, now, 300)).toBe(
      false,
    );
    // The timestamp is signed too: moving it to dodge the window breaks it.
    expect(verifySmsSignature(SECRET, String(ts + 1), raw, good, now, 300)).toBe(false);
    expect(verifySmsSignature(SECRET, String(ts), raw, good.toUpperCase(), now, 300)).toBe(false);
    expect(verifySmsSignature(SECRET, String(ts), raw, good.slice(0, -2), now, 300)).toBe(false);
    expect(verifySmsSignature(SECRET, String(ts), raw, '', now, 300)).toBe(false);
    expect(verifySmsSignature(SECRET, undefined, raw, good, now, 300)).toBe(false);
    expect(verifySmsSignature(SECRET, String(ts), raw, undefined, now, 300)).toBe(false);
    expect(verifySmsSignature(SECRET, `${ts}.5`, raw, good, now, 300)).toBe(false);
  });

  it('rejects timestamps outside the tolerance, either way', () => {
    const at = (offset: number) => new Date(now.getTime() + offset * 1000);
    expect(verifySmsSignature(SECRET, ts, raw, good, at(300), 300)).toBe(true);
    expect(verifySmsSignature(SECRET, ts, raw, good, at(301), 300)).toBe(false);
    expect(verifySmsSignature(SECRET, ts, raw, good, at(-301), 300)).toBe(false);
  });

  it('accepts any one of several signatures (secret rotation)', () => {
    const old = signSmsRequest('the-previous-secret-value', ts, raw);
    expect(verifySmsSignature(SECRET, ts, raw, `${old}, ${good}`, now, 300)).toBe(true);
    expect(verifySmsSignature(SECRET, ts, raw, `${old}`, now, 300)).toBe(false);
  });
});
