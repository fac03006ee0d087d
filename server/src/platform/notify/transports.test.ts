import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Config, ConfigError, loadConfig } from '../../config.ts';
import { OutboxFileTransport } from './file-transport.ts';
import { HttpSmsTransport } from './sms-transport.ts';
import { SmtpTransport } from './smtp-transport.ts';
import { ChannelTransport, createTransport } from './transports.ts';

function notifyConfig(over: Partial<Config['notify']>): Config['notify'] {
  return {
    transport: 'live',
    outboxFile: '/nonexistent/outbox.jsonl',
    smtpUrl: 'smtp://127.0.0.1:2525',
    smtpFrom: 'Cliniclick <no-reply@cliniclick.test>',
    smsUrl: 'http://127.0.0.1:9/sms',
    smsSecret: 'sms-secret-0123456789',
    smsSender: 'Cliniclick',
    ...over,
  };
}

describe('createTransport', () => {
  it('writes both channels to $DATA_DIR/outbox.jsonl in outbox mode', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'cliniclick-data-'));
    try {
      const config = loadConfig({
        DATA_DIR: dataDir,
        NOTIFY_TRANSPORT: 'outbox',
        APP_SECRET: 'x'.repeat(32),
      });
      const transport = createTransport(config.notify);
      await transport.send({ channel: 'sms', to: '+15555550100', body: 'Your code is 123456' });
      await transport.send({ channel: 'email', to: 'owner@demo.test', subject: 'Hi', body: 'Welcome' });
      await transport.close?.();
      const lines = (await readFile(path.join(dataDir, 'outbox.jsonl'), 'utf8')).trim().split('\n');
      expect(lines.map((l) => JSON.parse(l) as Record<string, unknown>)).toEqual([
        { channel: 'sms', to: '+15555550100', body: 'Your code is 123456', createdAt: expect.any(String) },
        {
          channel: 'email',
          to: 'owner@demo.test',
          subject: 'Hi',
          body: 'Welcome',
          createdAt: expect.any(String),
        },
      ]);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('sends email by SMTP and SMS by HTTP in live mode', () => {
    const transport = createTransport(notifyConfig({}));
    expect(transport).toBeInstanceOf(ChannelTransport);
    const { channels } = transport as ChannelTransport;
    expect(channels.email).toBeInstanceOf(SmtpTransport);
    expect(channels.sms).toBeInstanceOf(HttpSmsTransport);
    // Outbox mode ignores live settings even when they are present.
    const outbox = createTransport(notifyConfig({ transport: 'outbox' })) as ChannelTransport;
    expect(outbox.channels.sms).toBeInstanceOf(OutboxFileTransport);
    expect(outbox.channels.email).toBe(outbox.channels.sms);
  });

  it('fails at boot, naming the setting, when a live channel is not configured', () => {
    expect(() => createTransport(notifyConfig({ smtpUrl: undefined }))).toThrow(ConfigError);
    expect(() => createTransport(notifyConfig({ smtpUrl: undefined }))).toThrow(/SMTP_URL/);
    expect(() => createTransport(notifyConfig({ smsUrl: undefined }))).toThrow(/SMS_HTTP_URL/);
    expect(() => createTransport(notifyConfig({ smsSecret: undefined }))).toThrow(/SMS_HTTP_SECRET/);
  });
});
