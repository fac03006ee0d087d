import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createOutboxDispatcher } from '../../platform/notify/outbox.ts';
import {
  HttpSmsTransport,
  type SmsRequestBody,
  signSmsRequest,
  verifySmsSignature,
} from '../../platform/notify/sms-transport.ts';
import { SmtpTransport } from '../../platform/notify/smtp-transport.ts';
import { ChannelTransport } from '../../platform/notify/transports.ts';
import { call } from '../../test/api.ts';
import { createTestClinic, describeEachDb, ownerDb, TEST_SECRET, type TestApp } from '../../test/harness.ts';
import { sweepFailures } from './notify.ts';
import { smsStatusKey } from './staff-service.ts';
import { book, bookingClinic, deps, messagesOf, settle } from './test-fixture.ts';

const SMS_SECRET = 'sms-secret-sms-secret-0123456789';
const STATUS_KEY = smsStatusKey({ appSecret: TEST_SECRET } as Parameters<typeof smsStatusKey>[0]);

/** A real SMTP server on an ephemeral port: what it received, raw. */
async function smtpServer() {
  const received: { to: string[]; raw: string }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return { port, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/**
 * A local SMS provider: checks our signature, refuses numbers it is told to, and reports delivery
 * back to the app's webhook, signed, as a provider would.
 */
async function smsProvider(report: (body: string, headers: Record<string, string>) => Promise<void>) {
  const received: SmsRequestBody[] = [];
  const refuse = new Set<string>();
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => {
      raw += c.toString('utf8');
    });
    req.on('end', () => {
      const ok = verifySmsSignature(
        SMS_SECRET,
        String(req.headers['x-cliniclick-timestamp']),
        raw,
        String(req.headers['x-cliniclick-signature']),
      );
      const body = JSON.parse(raw) as SmsRequestBody;
      if (!ok || refuse.has(body.to)) {
        res.writeHead(ok ? 422 : 401).end('refused');
        return;
      }
      received.push(body);
      res.writeHead(200).end('{}');
      const out = JSON.stringify({ id: body.id, status: 'delivered' });
      const ts = Math.floor(Date.now() / 1000);
      void report(out, {
        'x-cliniclick-timestamp': String(ts),
        'x-cliniclick-signature': signSmsRequest(STATUS_KEY, ts, out),
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return { port, received, refuse, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describeEachDb('notices: delivery through real transports', (t) => {
  let smtp: Awaited<ReturnType<typeof smtpServer>>;
  let sms: Awaited<ReturnType<typeof smsProvider>>;
  const reports: Promise<unknown>[] = [];
  beforeAll(async () => {
    smtp = await smtpServer();
    sms = await smsProvider(async (payload, headers) => {
      const p = t().app.inject({
        method: 'POST',
        url: '/api/v1/public/notify/sms-status',
        headers: { 'content-type': 'application/json', ...headers },
        payload,
      });
      reports.push(p);
      await p;
    });
  });
  afterAll(async () => {
    await smtp.close();
    await sms.close();
  });

  const dispatcher = (app: TestApp) =>
    createOutboxDispatcher({
      db: app.db,
      clock: { now: () => new Date() },
      maxAttempts: 1,
      transport: new ChannelTransport({
        sms: new HttpSmsTransport({
          url: `http://127.0.0.1:${sms.port}/send`,
          secret: SMS_SECRET,
          sender: 'Clinic',
        }),
        email: new SmtpTransport({
          url: `smtp://127.0.0.1:${smtp.port}`,
          from: 'Clinic <no-reply@clinic.test>',
        }),
      }),
    });

  it('sends the confirmation by HTTP SMS, takes the signed delivery report; a refused SMS goes by real SMTP email instead', async () => {
    // Real transports sign with real time: the app's clock is set to it.
    t().clock.set(new Date());
    const b = await bookingClinic(t(), await createTestClinic(t()));
    await ownerDb(t().db)
      .updateTable('patients')
      .set({ email: 'pat@example.test' })
      .where('clinic_id', '=', b.c.id)
      .where('id', '=', b.patientId)
      .execute();
    const a = (await book(t(), b, b.sec, b.at('09:00'))).json();
    await settle(t(), b.c.id);
    await dispatcher(t()).drain();
    await Promise.all(reports);
    const [sent] = await messagesOf(t(), a.id);
    expect(sms.received.find((m) => m.id === sent?.id)?.to).toBe(b.c.patient.phone);
    const hist = (await call(t(), b.sec, 'GET', `${b.base}/appointments/${a.id}/notices`)).json();
    expect(hist.messages).toEqual([
      expect.objectContaining({ kind: 'confirmed', channel: 'sms', status: 'delivered' }),
    ]);

    // The provider refuses the number: the SMS fails for good, the sweep sends the email.
    sms.refuse.add(b.c.patient.phone);
    const moved = await call(t(), b.sec, 'POST', `${b.base}/appointments/${a.id}/reschedule`, {
      startsAt: b.at('11:00'),
    });
    expect(moved.statusCode).toBe(200);
    await settle(t(), b.c.id);
    await dispatcher(t()).drain();
    await sweepFailures(deps(t()));
    await dispatcher(t()).drain();
    const mail = smtp.received.find((m) => m.to.includes('pat@example.test'));
    expect(mail?.raw).toContain('/visit/');
    const after = (await call(t(), b.sec, 'GET', `${b.base}/appointments/${a.id}/notices`)).json();
    expect(
      after.messages.map(
        (m: { kind: string; channel: string; status: string }) => `${m.kind}:${m.channel}:${m.status}`,
      ),
    ).toEqual(expect.arrayContaining(['rescheduled:sms:failed', 'rescheduled:email:sent']));
    expect(after.callPatientSince).toBeNull();
  });
});
