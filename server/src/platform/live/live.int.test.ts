import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../test/api.ts';
import {
  createTestClinic,
  databaseKinds,
  sessionFor,
  sqlFromOutside,
  startTestApp,
  type TestApp,
  type TestClinic,
} from '../../test/harness.ts';
import { liveTestModules } from '../../test/live-modules.ts';
import { LiveTestClient } from './test-client.ts';

/**
 * The real-time layer through a module the platform does not know (test/live-modules.ts): topics
 * authorised like routes, numbered events, replay after a reconnect, revocation, limits.
 */
const modules = liveTestModules;

for (const kind of databaseKinds) {
  describe(`live topics [${kind}]`, () => {
    let t: TestApp;
    let base: string;
    let x: TestClinic;
    let y: TestClinic;
    const tokens: Record<string, string> = {};
    const open: LiveTestClient[] = [];
    const connect = async (who?: string, origin?: string) => {
      const c = await LiveTestClient.connect(base, {
        ...(who ? { token: tokens[who] } : {}),
        ...(origin ? { origin } : {}),
      });
      open.push(c);
      return c;
    };
    const emit = async (clinic: TestClinic, topic: string, count = 1) => {
      const res = await call(
        t,
        { auth: { authorization: `Bearer ${tokens.xOwner}` } },
        'POST',
        `/clinics/${clinic.id}/livetest`,
        {
          topic,
          count,
        },
      );
      expect(res.statusCode).toBe(200);
      return (res.json() as { seqs: number[] }).seqs;
    };

    beforeAll(async () => {
      t = await startTestApp(kind, { modules, liveLimits: { replayLimit: 5, messagesPer10s: 40 } });
      base = await t.app.listen({ port: 0, host: '127.0.0.1' });
      x = await createTestClinic(t);
      y = await createTestClinic(t);
      for (const [name, id] of [
        ['xOwner', x.owner.id],
        ['xSecretary', x.secretary.id],
        ['xDoctor', x.doctor.id],
        ['xPatient', x.patient.id],
        ['yOwner', y.owner.id],
      ] as const)
        tokens[name] = (await sessionFor(t, id)).token;
    });
    afterAll(async () => {
      for (const c of open) c.close();
      await t?.close();
    });

    it("delivers a clinic topic's events, numbered in order, to a member allowed to read it", async () => {
      const sec = await connect('xSecretary');
      sec.subscribe(x.id, 'livetest');
      const ready = await sec.waitFor((m) => m.op === 'subscribed');
      const seqs = await emit(x, 'livetest', 3);
      expect(seqs).toEqual([ready.last! + 1, ready.last! + 2, ready.last! + 3]);
      await sec.waitFor((m) => m.op === 'event' && m.seq === seqs[2]);
      expect(sec.events('livetest').map((m) => [m.seq, m.data])).toEqual(
        seqs.map((s, i) => [s, { n: i + 1 }]),
      );
    });

    it("never gives a socket another clinic's events, whatever it asks for", async () => {
      const spy = await connect('yOwner');
      const anonymous = await connect();
      const doctor = await connect('xDoctor');
      const patient = await connect('xPatient');
      const asks: Array<[LiveTestClient, string, string, string?]> = [
        [spy, x.id, 'livetest'], // another clinic's topic
        [spy, x.id, `livetest/person/${x.secretary.id}`],
        [spy, x.id, 'livetest/screen', `screen-${y.id}`], // its own screen token on another clinic
        [anonymous, x.id, 'livetest'],
        [anonymous, x.id, 'livetest/screen', 'guess'],
        [doctor, x.id, 'livetest'], // a role without the permission
        [patient, x.id, 'livetest'],
        [patient, x.id, `livetest/person/${x.patient.id}`],
        [spy, x.id, 'livetest/../livetest'], // malformed names
        [spy, x.id, 'appointments'], // not a declared topic
        [spy, '00000000-0000-0000-0000-000000000000', 'livetest'],
      ];
      for (const [c, clinicId, topic, token] of asks) c.subscribe(clinicId, topic, token ? { token } : {});
      for (const [c, , topic] of asks)
        await c.waitFor((m) => m.op === 'denied' && m.topic === topic && m.code === 'not_found');
      await emit(x, 'livetest', 2);
      await emit(x, `livetest/person/${x.secretary.id}`);
      await emit(x, 'livetest/screen');
      // The screen with the right token does get its clinic's screen events (and only those).
      const screen = await connect();
      screen.subscribe(x.id, 'livetest/screen', { token: `screen-${x.id}` });
      await screen.waitFor((m) => m.op === 'subscribed');
      await emit(x, 'livetest/screen');
      await screen.waitFor((m) => m.op === 'event');
      await new Promise((r) => setTimeout(r, 100));
      for (const c of [spy, anonymous, doctor, patient])
        expect(c.messages.filter((m) => m.op === 'event')).toEqual([]);
    });

    it('narrows a topic by its own check: a person topic for that person or the owner only', async () => {
      const sec = await connect('xSecretary');
      sec.subscribe(x.id, `livetest/person/${x.owner.id}`);
      sec.subscribe(x.id, `livetest/person/${x.secretary.id}`);
      await sec.waitFor((m) => m.op === 'denied' && m.topic === `livetest/person/${x.owner.id}`);
      await sec.waitFor((m) => m.op === 'subscribed' && m.topic === `livetest/person/${x.secretary.id}`);
    });

    it('sends a client that reconnects with its last number what it missed, and refetch when too much is', async () => {
      const first = await connect('xSecretary');
      first.subscribe(x.id, 'livetest/person/resume'.replace('resume', x.secretary.id));
      const topic = `livetest/person/${x.secretary.id}`;
      const start = (await first.waitFor((m) => m.op === 'subscribed' && m.topic === topic)).last!;
      const seen = await emit(x, topic, 2);
      await first.waitFor((m) => m.op === 'event' && m.seq === seen[1]);
      first.close(); // dropped
      const missed = await emit(x, topic, 3); // while away
      const again = await connect('xSecretary');
      again.subscribe(x.id, topic, { after: seen[1] });
      const resumed = await again.waitFor((m) => m.op === 'subscribed');
      expect(again.events(topic).map((m) => m.seq)).toEqual(missed);
      expect(resumed.last).toBe(missed[2]);
      // Live events go on after the replay, none twice.
      const later = await emit(x, topic);
      await again.waitFor((m) => m.op === 'event' && m.seq === later[0]);
      expect(again.events(topic).map((m) => m.seq)).toEqual([...missed, ...later]);
      expect(start).toBeLessThan(seen[0]!);
      // More missing than the replay limit (5 here): reload instead.
      await emit(x, topic, 6);
      const late = await connect('xSecretary');
      late.subscribe(x.id, topic, { after: later[0]! });
      const answer = await late.waitFor((m) => m.op === 'refetch' || m.op === 'subscribed');
      expect(answer.op).toBe('refetch');
      expect(late.events(topic)).toEqual([]);
    });

    it("drops a removed member's topics at once, and closes the socket of an ended session", async () => {
      const c = await createTestClinic(t);
      const secToken = (await sessionFor(t, c.secretary.id)).token;
      const ownerToken = (await sessionFor(t, c.owner.id)).token;
      const sec = await LiveTestClient.connect(base, { token: secToken });
      const owner = await LiveTestClient.connect(base, { token: ownerToken });
      open.push(sec, owner);
      sec.subscribe(c.id, 'livetest');
      owner.subscribe(c.id, 'livetest');
      await sec.waitFor((m) => m.op === 'subscribed');
      await owner.waitFor((m) => m.op === 'subscribed');
      await sqlFromOutside(
        t,
        "update memberships set status = 'removed', removed_at = now() where clinic_id = $1 and user_id = $2",
        [c.id, c.secretary.id],
      );
      await sec.waitFor((m) => m.op === 'revoked' && m.topic === 'livetest');
      await call(
        t,
        { auth: { authorization: `Bearer ${ownerToken}` } },
        'POST',
        `/clinics/${c.id}/livetest`,
        {
          topic: 'livetest',
        },
      );
      await owner.waitFor((m) => m.op === 'event');
      expect(sec.events('livetest')).toEqual([]);
      // Signing out ends the owner's session: the socket is closed.
      await call(t, { auth: { authorization: `Bearer ${ownerToken}` } }, 'POST', '/auth/logout');
      expect((await owner.waitClosed()).code).toBe(4401);
    });

    it('refuses a browser from another origin and a dead session at the handshake', async () => {
      await expect(connect('xSecretary', 'https://evil.example')).rejects.toThrow(/403/);
      await expect(LiveTestClient.connect(base, { token: 'x'.repeat(43) })).rejects.toThrow(/401/);
      const same = await connect('xSecretary', 'http://localhost:3000');
      same.subscribe(x.id, 'livetest');
      await same.waitFor((m) => m.op === 'subscribed');
    });

    it('answers malformed messages with an error, and disconnects a client that floods', async () => {
      const c = await connect('xSecretary');
      c.socket.send('not json');
      c.send({ op: 'sub', clinicId: 'nope', topic: 'livetest' });
      await c.waitFor((m) => m.op === 'error' && m.code === 'bad_message');
      for (let i = 0; i < 45; i++) c.send({ op: 'ping' });
      expect((await c.waitClosed()).code).toBe(4429);
    });
  });
}
