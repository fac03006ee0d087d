import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { BootError, bootFailureLine, start } from './boot.ts';
import { ConfigError } from './config.ts';
import { testDatabaseUrl } from './test/harness.ts';
import { freePort, type ServerProcess, startServer, waitHealthy } from './test/process.ts';

const running: ServerProcess[] = [];
afterAll(async () => {
  await Promise.all(running.map((p) => p.stop('SIGKILL')));
});

function run(env: Record<string, string>, port: number): ServerProcess {
  const p = startServer(env, port);
  running.push(p);
  return p;
}

/** An environment for an in-process start: only what is given, and quiet logs. */
function quiet(env: Record<string, string>): NodeJS.ProcessEnv {
  return { HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...env };
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function waitFor<T>(fn: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

function lastOtp(outboxFile: string, phone: string): string | undefined {
  if (!existsSync(outboxFile)) return undefined;
  const lines = readFileSync(outboxFile, 'utf8').trim().split('\n').filter(Boolean);
  const sms = lines
    .map((l) => JSON.parse(l) as { channel: string; to: string; body: string })
    .filter((m) => m.channel === 'sms' && m.to === phone);
  return /\b(\d{6})\b/.exec(sms.at(-1)?.body ?? '')?.[1];
}

describe('npm start (embedded PGlite)', () => {
  it('seeds the demo, signs in every contract login, delivers the OTP to outbox.jsonl, stops cleanly and keeps data', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'cliniclick-'));
    const port = await freePort();
    const p = run({ DATA_DIR: dataDir }, port);
    await waitHealthy(p);
    expect(p.stdout()).toContain('Demo seeded');
    expect(p.stdout()).toContain('owner@demo.cliniclick.test');

    for (const email of [
      'admin@cliniclick.test',
      'owner@demo.cliniclick.test',
      'doctor@demo.cliniclick.test',
      'secretary@demo.cliniclick.test',
    ]) {
      const r = await post(`${p.url}/api/v1/auth/login`, { email, password: 'cliniclick-demo' });
      expect(r.status, email).toBe(200);
    }
    const owner = await post(`${p.url}/api/v1/auth/login`, {
      email: 'owner@demo.cliniclick.test',
      password: 'cliniclick-demo',
    });
    const me = await fetch(`${p.url}/api/v1/me`, {
      headers: { authorization: `Bearer ${owner.body.token}` },
    });
    // The demo's second clinic: the owner owns both.
    expect((await me.json()).memberships).toEqual([
      expect.objectContaining({ clinicSlug: 'demo', role: 'owner' }),
      expect.objectContaining({ clinicSlug: 'demo-dubai', role: 'owner' }),
    ]);

    const phone = '+15555550100';
    expect((await post(`${p.url}/api/v1/auth/otp/request`, { phone })).status).toBe(202);
    const outboxFile = path.join(dataDir, 'outbox.jsonl');
    const code = await waitFor(() => lastOtp(outboxFile, phone));
    const line = JSON.parse(readFileSync(outboxFile, 'utf8').trim().split('\n').at(-1)!);
    expect(Object.keys(line).sort()).toEqual(['body', 'channel', 'createdAt', 'to']);
    const patient = await post(`${p.url}/api/v1/auth/otp/verify`, { phone, code });
    expect(patient.status).toBe(200);
    const pme = await fetch(`${p.url}/api/v1/me`, {
      headers: { authorization: `Bearer ${patient.body.token}` },
    });
    expect((await pme.json()).memberships).toEqual([
      expect.objectContaining({ clinicSlug: 'demo', role: 'patient' }),
      expect.objectContaining({ clinicSlug: 'demo-dubai', role: 'patient' }),
    ]);

    // A second server on the same DATA_DIR is refused, with one clear line.
    const second = run({ DATA_DIR: dataDir }, await freePort());
    expect(await second.exited).toBe(1);
    expect(second.stderr().trim()).toMatch(
      /^cliniclick: DATA_DIR .* is in use by another Cliniclick process/,
    );

    expect(await p.stop('SIGTERM')).toBe(0);

    // Started again (in this process: the same start as npm start's), the data is all there.
    const again = await start(quiet({ DATA_DIR: dataDir, PORT: String(port) }));
    try {
      expect(again.seeded).toBe(false);
      const base = `http://127.0.0.1:${port}`;
      const relogin = await post(`${base}/api/v1/auth/login`, {
        email: 'owner@demo.cliniclick.test',
        password: 'cliniclick-demo',
      });
      expect(relogin.status).toBe(200);
      // The patient's session survived the restart.
      const still = await fetch(`${base}/api/v1/me`, {
        headers: { authorization: `Bearer ${patient.body.token}` },
      });
      expect(still.status).toBe(200);
    } finally {
      await again.close();
    }
  }, 180_000); // real processes booting: slow when the machine is busy

  it('refuses a bad start in one clear line and leaves nothing open: invalid env, bad DATABASE_URL, no secret, port in use', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'cliniclick-'));
    const refusal = async (env: Record<string, string>): Promise<string> => {
      const err = await start(quiet(env)).then(
        async (s) => {
          await s.close();
          throw new Error('started');
        },
        (e: unknown) => e,
      );
      expect(err instanceof ConfigError || err instanceof BootError, String(err)).toBe(true);
      const line = bootFailureLine(err);
      expect(line.split('\n')).toHaveLength(1);
      return line;
    };

    expect(await refusal({ DATA_DIR: dataDir, PORT: 'abc' })).toMatch(/^invalid environment: PORT/);
    expect(
      await refusal({
        DATABASE_URL: 'postgres://nobody@127.0.0.1:1/nothing',
        APP_SECRET: 'x'.repeat(40),
        PORT: String(await freePort()),
      }),
    ).toMatch(/^cannot connect to PostgreSQL at 127\.0\.0\.1:1\/nothing/);
    expect(await refusal({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres' })).toMatch(
      /APP_SECRET is required/,
    );

    const blocker = createServer();
    const port = await freePort();
    await new Promise<void>((r) => blocker.listen(port, '127.0.0.1', () => r()));
    try {
      const env = { DATA_DIR: dataDir, PORT: String(port), CLINICLICK_DEMO: '0' };
      expect(await refusal(env)).toMatch(new RegExp(`^port ${port} is already in use`));
      // Nothing was left open: the data directory is free for the next start.
      blocker.close();
      const s = await start(quiet(env));
      await s.close();
    } finally {
      blocker.close();
    }
  }, 120_000);
});

describe('npm start: safe defaults (issue 10 item 10)', () => {
  it('listens on loopback unless HOST is set, and refuses other interfaces while a demo login has the published password', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'cliniclick-'));
    const port = await freePort();
    const env = { DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'silent' };

    const local = await start(env);
    try {
      expect(local.seeded).toBe(true);
      expect(local.config.host).toBe('127.0.0.1');
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      // This machine's other addresses get no answer.
      const lan = Object.values(networkInterfaces())
        .flat()
        .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
      if (lan) await expect(fetch(`http://${lan}:${port}/healthz`)).rejects.toThrow();
    } finally {
      await local.close();
    }

    // The demo's accounts keep the published password even when the demo is no longer seeded.
    for (const host of ['0.0.0.0', '::']) {
      const err = await start({ ...env, HOST: host, CLINICLICK_DEMO: '0' }).then(
        async (s) => {
          await s.close();
          throw new Error('started');
        },
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(BootError);
      const line = bootFailureLine(err);
      expect(line.split('\n')).toHaveLength(1);
      expect(line).toContain(
        `refusing to listen on ${host}: admin@cliniclick.test, owner@demo.cliniclick.test`,
      );
      expect(line).toContain('"cliniclick-demo"');
      expect(line).toContain('ALLOW_DEMO_PASSWORD=1');
    }

    // The operator's explicit yes; nothing was left open by the refusals (same DATA_DIR and port).
    const exposed = await start({ ...env, HOST: '0.0.0.0', ALLOW_DEMO_PASSWORD: '1' });
    try {
      expect(exposed.exposedDemoLogins).toContain('admin@cliniclick.test');
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    } finally {
      await exposed.close();
    }

    // Without the demo's accounts, any interface is fine.
    const plain = await start({
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'cliniclick-')),
      PORT: String(await freePort()),
      LOG_LEVEL: 'silent',
      CLINICLICK_DEMO: '0',
      HOST: '0.0.0.0',
    });
    expect(plain.exposedDemoLogins).toEqual([]);
    await plain.close();
  }, 180_000);
});

describe.runIf(testDatabaseUrl)('npm start (PostgreSQL)', () => {
  it('two instances starting together on one empty database both come up; the demo is seeded once', async () => {
    const base = new URL(testDatabaseUrl!);
    const name = `cliniclick_boot_${Date.now()}_${process.pid}`;
    const admin = new pg.Client({ connectionString: testDatabaseUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    try {
      const url = new URL(base);
      url.pathname = `/${name}`;
      const env = { DATABASE_URL: url.toString(), APP_SECRET: 'p'.repeat(40), CLINICLICK_DEMO: '1' };
      const [a, b] = [run(env, await freePort()), run(env, await freePort())];
      await Promise.all([waitHealthy(a), waitHealthy(b)]);
      for (const p of [a, b]) {
        const r = await post(`${p.url}/api/v1/auth/login`, {
          email: 'owner@demo.cliniclick.test',
          password: 'cliniclick-demo',
        });
        expect(r.status).toBe(200);
        const ready = await fetch(`${p.url}/readyz`);
        expect(ready.status).toBe(200);
      }
      const check = new pg.Client({ connectionString: url.toString() });
      await check.connect();
      const { rows } = await check.query(`select count(*)::int as n from clinics where slug = 'demo'`);
      // The server (unlike the test suite, which uses cheap parameters) hashes at production cost.
      const hashes = await check.query(
        `select password_hash from identities where kind = 'email' and value = 'owner@demo.cliniclick.test'`,
      );
      await check.end();
      expect(rows[0].n).toBe(1);
      expect(hashes.rows[0].password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect(await a.stop()).toBe(0);
      expect(await b.stop()).toBe(0);
    } finally {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  }, 180_000); // real processes booting: slow when the machine is busy
});
