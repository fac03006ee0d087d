import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookingClinic } from './modules/scheduling/test-fixture.ts';
import { call, inviteTokenFrom, lastEmailTo, uniqueEmail } from './test/api.ts';
import {
  createTestClinic,
  databaseKinds,
  randomIp,
  sessionFor,
  startTestApp,
  type TestApp,
} from './test/harness.ts';

/**
 * Issue 10 item 1: the secrets that travel in URLs (calendar feeds, invitation links) are used,
 * then looked for in everything the app logged, at every level.
 */
for (const kind of databaseKinds) {
  describe(`no secret reaches a log line [${kind}]`, () => {
    let t: TestApp;
    const lines: string[] = [];
    beforeAll(async () => {
      t = await startTestApp(kind, {
        logStream: { write: (l: string) => void lines.push(l) },
        logLevel: 'trace',
      });
    });
    afterAll(async () => {
      await t?.close();
    });

    it('calendar feed tokens and invitation tokens, used, mistyped and in old links, are logged redacted', async () => {
      const clinic = await createTestClinic(t);
      const doctor = (await bookingClinic(t, clinic)).doc;
      const issued = await call(
        t,
        doctor,
        'POST',
        `/clinics/${clinic.id}/doctors/${clinic.doctor.id}/calendar-feed`,
      );
      expect(issued.statusCode, issued.body).toBe(200);
      const feedPath = new URL(issued.json().url).pathname;
      const feedToken = feedPath
        .split('/')
        .at(-1)!
        .replace(/\.ics$/, '');
      const feedSecret = feedToken.split('.')[1]!;
      expect((await t.app.inject({ method: 'GET', url: feedPath })).statusCode).toBe(200);
      // Unknown, mangled and short tokens on the feed's route; the token in a query; a 404 path;
      // a URL the router cannot parse.
      for (const url of [
        `${feedPath}?refresh=1`,
        `/api/v1/public/calendar/${feedToken}x.ics`,
        '/api/v1/public/calendar/shortsecret99',
        `/api/v1/public/calendar/x?token=${feedSecret}`,
        `/api/v1/no-such-route/${feedToken}`,
        `/api/v1/public/calendar/%E0%A4%A${feedSecret}`,
      ])
        expect((await t.app.inject({ method: 'GET', url })).statusCode).toBeGreaterThanOrEqual(200);

      const owner = await sessionFor(t, clinic.owner.id);
      const email = uniqueEmail('logged');
      await call(t, owner, 'POST', `/clinics/${clinic.id}/staff`, {
        email,
        name: 'Invitee',
        role: 'secretary',
      });
      const mail = (await lastEmailTo(t, email))?.body ?? '';
      // The new link keeps the token in the fragment, which browsers never send to a server.
      expect(mail).toMatch(/\/app\/invite#\S+/);
      const invitation = inviteTokenFrom(mail);
      const inviteSecret = invitation.split('.')[1]!;
      // An old-style link (the token in the path) still reaches the app and is logged redacted.
      await t.app.inject({ method: 'GET', url: `/app/invite/${invitation}` });
      const accepted = await t.app.inject({
        method: 'POST',
        url: '/api/v1/invitations/accept',
        payload: { token: invitation, password: 'a long enough password', name: 'Sam' },
        remoteAddress: randomIp(),
      });
      expect(accepted.statusCode).toBe(200);

      const log = lines.join('');
      expect(log).toContain('/api/v1/public/calendar/[redacted]'); // the requests were logged
      expect(log).toContain('/api/v1/public/calendar/[redacted]?token=[redacted]');
      for (const secret of [feedSecret, feedToken, 'shortsecret99', inviteSecret, invitation])
        expect(log, secret).not.toContain(secret);
    });
  });
}
