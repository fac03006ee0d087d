import { expect, it } from 'vitest';
import { call } from '../../test/api.ts';
import { describeEachDb } from '../../test/harness.ts';
import { appointmentAt, checkIn, entriesOf, queueClinic } from './test-fixture.ts';

describeEachDb('queue races: what the database holds after many requests at once', (t) => {
  it('call-next pressed many times at once calls one patient, and every press answers that one', async () => {
    const q = await queueClinic(t());
    const ids: string[] = [];
    for (const hhmm of ['09:00', '09:30', '10:00']) ids.push(await appointmentAt(t(), q, hhmm));
    for (const id of ids) await checkIn(t(), q, id);
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        call(t(), i % 2 ? q.doc : q.sec, 'POST', `${q.base}/queue/doctors/${q.c.doctor.id}/call-next`, {}),
      ),
    );
    expect(answers.map((r) => r.statusCode)).toEqual(Array(8).fill(200));
    expect(new Set(answers.map((r) => r.json().id)).size).toBe(1);
    const rows = await entriesOf(t(), q.c.id);
    expect(rows.filter((r) => r.state === 'called').map((r) => r.ticket)).toEqual([1]);
    expect(rows.filter((r) => r.state === 'waiting')).toHaveLength(2);
  });

  it('the same appointment checked in at once joins once; different ones get tickets 1…n', async () => {
    const q = await queueClinic(t());
    const ids: string[] = [];
    for (const hhmm of ['09:00', '09:30', '10:00', '10:30', '11:00'])
      ids.push(await appointmentAt(t(), q, hhmm));
    const same = await Promise.all(
      Array.from({ length: 4 }, () =>
        call(t(), q.sec, 'POST', `${q.base}/queue/check-in`, { appointmentId: ids[0] }),
      ),
    );
    expect(same.map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
    expect(new Set(same.map((r) => r.json().id)).size).toBe(1);
    const rest = await Promise.all(
      ids.slice(1).map((id) => call(t(), q.owner, 'POST', `${q.base}/queue/check-in`, { appointmentId: id })),
    );
    expect(rest.map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
    const rows = await entriesOf(t(), q.c.id);
    expect(rows.map((r) => r.ticket)).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(rows.map((r) => r.rank)).size).toBe(5);
  });

  it('walk-ins and check-ins at once: every one joins, tickets 1…n, no two appointments overlap', async () => {
    const q = await queueClinic(t());
    const booked: string[] = [];
    for (const hhmm of ['09:00', '10:00']) booked.push(await appointmentAt(t(), q, hhmm));
    const answers = await Promise.all([
      ...booked.map((appointmentId) =>
        call(t(), q.sec, 'POST', `${q.base}/queue/check-in`, { appointmentId }),
      ),
      ...['Ann', 'Ben', 'Cat'].map((name, i) =>
        call(t(), i % 2 ? q.owner : q.sec, 'POST', `${q.base}/queue/walk-in`, {
          doctorId: q.c.doctor.id,
          patient: {
            fullName: `${name} Walker`,
            phone: `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`,
          },
        }),
      ),
    ]);
    expect(
      answers.map((r) => r.statusCode),
      answers.map((r) => r.body).join('\n'),
    ).toEqual([200, 200, 200, 200, 200]);
    const rows = await entriesOf(t(), q.c.id);
    expect(rows.map((r) => r.ticket)).toEqual([1, 2, 3, 4, 5]);
    const starts = answers.slice(2).map((r) => r.json().startsAt as string);
    expect(new Set(starts).size).toBe(3);
  });

  it('two secretaries moving at once end in one order: ranks unique, everyone present', async () => {
    const q = await queueClinic(t());
    const entries = [];
    for (const hhmm of ['09:00', '09:30', '10:00', '10:30', '11:00', '11:30'])
      entries.push(await checkIn(t(), q, await appointmentAt(t(), q, hhmm)));
    const moves = [
      { who: q.sec, id: entries[5]?.id, position: 1 },
      { who: q.owner, id: entries[4]?.id, position: 2 },
      { who: q.sec, id: entries[0]?.id, position: 6 },
      { who: q.owner, id: entries[3]?.id, position: 1 },
    ];
    const answers = await Promise.all(
      moves.map((m) =>
        call(t(), m.who, 'POST', `${q.base}/queue/entries/${m.id}/move`, {
          position: m.position,
          reason: 'race',
        }),
      ),
    );
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
    const rows = (await entriesOf(t(), q.c.id)).filter((r) => r.state === 'waiting');
    expect(rows).toHaveLength(6);
    const ranks = rows.map((r) => r.rank).sort((a, b) => a - b);
    expect(ranks).toEqual([1, 2, 3, 4, 5, 6]);
    // The board shows exactly that order.
    const board = (await call(t(), q.sec, 'GET', `${q.base}/queue`)).json();
    const col = board.doctors.find((d: { doctorId: string }) => d.doctorId === q.c.doctor.id);
    const byRank = [...rows].sort((a, b) => a.rank - b.rank).map((r) => r.id);
    expect(col.waiting.map((e: { id: string }) => e.id)).toEqual(byRank);
    expect(col.waiting.map((e: { position: number }) => e.position)).toEqual([1, 2, 3, 4, 5, 6]);
    // The last move to finish wins its place: with 4 moves serialised, entry 3 (moved to 1) or 5 is first.
    const last = await call(t(), q.sec, 'POST', `${q.base}/queue/entries/${entries[2]?.id}/move`, {
      position: 1,
      reason: 'after the race',
    });
    expect(last.json().waiting[0].id).toBe(entries[2]?.id);
  });

  it('urgent goes first; a move needs a reason', async () => {
    const q = await queueClinic(t());
    const a = await checkIn(t(), q, await appointmentAt(t(), q, '09:00'));
    const b = await checkIn(t(), q, await appointmentAt(t(), q, '09:30'));
    const u = await call(t(), q.sec, 'POST', `${q.base}/queue/entries/${b.id}/urgent`, {
      urgent: true,
      reason: 'chest pain',
    });
    expect(u.json()).toMatchObject({ urgent: true, position: 1 });
    const board = (await call(t(), q.doc, 'GET', `${q.base}/queue`)).json();
    expect(board.doctors[0].waiting.map((e: { id: string }) => e.id)).toEqual([b.id, a.id]);
    const noReason = await call(t(), q.sec, 'POST', `${q.base}/queue/entries/${a.id}/move`, { position: 1 });
    expect(noReason.statusCode).toBe(400);
  });
});
