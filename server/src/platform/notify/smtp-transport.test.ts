import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SmtpTransport } from './smtp-transport.ts';

interface Received {
  from: string;
  to: string[];
  raw: string;
}

/** A real SMTP server on an ephemeral port; it refuses recipients at @refused.test. */
async function startSmtpServer(): Promise<{ port: number; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.endsWith('@refused.test')) {
        callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const from = session.envelope.mailFrom;
        received.push({
          from: from ? from.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function header(raw: string, name: string): string | undefined {
  const head = raw.split('\r\n\r\n')[0] ?? '';
  const m = new RegExp(`^${name}: (.*)$`, 'im').exec(head);
  return m?.[1];
}

describe('SmtpTransport', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let transport: SmtpTransport;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    transport = new SmtpTransport({
      url: `smtp://127.0.0.1:${smtp.port}`,
      from: 'Cliniclick <no-reply@cliniclick.test>',
    });
  });
  afterAll(async () => {
    await transport.close();
    await smtp.close();
  });

  it('delivers an email with the recipient, subject and body', async () => {
    await transport.send({
      id: '0190f3c2-0000-7000-8000-000000000001',
      channel: 'email',
      to: 'doctor@clinic.test',
      subject: 'You are invited to Demo Clinic',
      body: 'Open this link to join:\nhttps://app.test/invite/abc',
    });
    const mail = smtp.received.find((m) => m.to.includes('doctor@clinic.test'));
    expect(mail).toBeDefined();
    expect(mail?.to).toEqual(['doctor@clinic.test']);
    expect(mail?.from).toBe('no-reply@cliniclick.test');
    expect(header(mail!.raw, 'Subject')).toBe('You are invited to Demo Clinic');
    expect(header(mail!.raw, 'From')).toBe('Cliniclick <no-reply@cliniclick.test>');
    // Retries of one outbox row carry the same Message-ID.
    expect(header(mail!.raw, 'Message-ID')).toBe('<0190f3c2-0000-7000-8000-000000000001@cliniclick>');
    const body = mail!.raw.split('\r\n\r\n').slice(1).join('\r\n\r\n');
    expect(body).toContain('Open this link to join:\r\nhttps://app.test/invite/abc');
  });

  it('throws when the server refuses the recipient, so the outbox retries', async () => {
    await expect(
      transport.send({ channel: 'email', to: 'nobody@refused.test', subject: 's', body: 'b' }),
    ).rejects.toThrow(/550|mailbox unavailable/);
  });

  it('throws when no server answers', async () => {
    const closed = await startSmtpServer();
    await closed.close();
    const dead = new SmtpTransport({ url: `smtp://127.0.0.1:${closed.port}`, from: 'x@cliniclick.test' });
    await expect(dead.send({ channel: 'email', to: 'a@b.test', subject: 's', body: 'b' })).rejects.toThrow(
      /ECONNREFUSED/,
    );
    await dead.close();
  });

  it('refuses to send an SMS', async () => {
    await expect(transport.send({ channel: 'sms', to: '+15555550100', body: 'hi' })).rejects.toThrow(
      /cannot send sms/,
    );
  });
});
