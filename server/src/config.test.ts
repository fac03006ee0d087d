import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const dataDir = () => mkdtempSync(path.join(tmpdir(), 'cliniclick-config-'));
const secret = 's'.repeat(40);

describe('config', () => {
  it('defaults to the embedded database with the demo and the file outbox', () => {
    const dir = dataDir();
    const c = loadConfig({ DATA_DIR: dir });
    expect(c).toMatchObject({ port: 3000, databaseUrl: undefined, seedDemo: true, trustProxy: false });
    expect(c.notify).toMatchObject({ transport: 'outbox', outboxFile: path.join(dir, 'outbox.jsonl') });
    // The generated secret is kept, so sessions survive a restart.
    expect(loadConfig({ DATA_DIR: dir }).appSecret).toBe(c.appSecret);
  });

  it('on PostgreSQL needs APP_SECRET and does not seed unless asked', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://x@h/db' })).toThrow(/APP_SECRET is required/);
    const c = loadConfig({ DATABASE_URL: 'postgres://x@h/db', APP_SECRET: secret });
    expect(c.seedDemo).toBe(false);
    expect(
      loadConfig({ DATABASE_URL: 'postgres://x@h/db', APP_SECRET: secret, CLINICLICK_DEMO: '1' }).seedDemo,
    ).toBe(true);
  });

  it('listens on loopback by default with the embedded database, on every interface with PostgreSQL', () => {
    expect(loadConfig({ DATA_DIR: dataDir() }).host).toBe('127.0.0.1');
    expect(loadConfig({ DATA_DIR: dataDir(), HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(loadConfig({ DATABASE_URL: 'postgres://x@h/db', APP_SECRET: secret }).host).toBe('0.0.0.0');
    expect(loadConfig({ DATA_DIR: dataDir() }).allowDemoPassword).toBe(false);
    expect(() => loadConfig({ DATA_DIR: dataDir(), METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
  });

  it('trusts proxies only by count or address, never all of them', () => {
    const base = { DATA_DIR: dataDir() };
    expect(loadConfig({ ...base, TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ ...base, TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy).toBe(
      '10.0.0.0/8,127.0.0.1',
    );
    expect(loadConfig({ ...base, TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(() => loadConfig({ ...base, TRUST_PROXY: 'true' })).toThrow(ConfigError);
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/^invalid environment: PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL must start with postgres/);
    expect(() => loadConfig({ APP_SECRET: 'short' })).toThrow(/APP_SECRET/);
  });
});
