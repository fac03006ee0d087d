import { expect, it } from 'vitest';
import { call } from '../../../test/api.ts';
import { createTestClinic, describeEachDb } from '../../../test/harness.ts';
import { book, bookingClinic } from '../test-fixture.ts';

interface Named {
  action: string;
  actorUserId: string | null;
  actorName: string | null;
  entityType: string;
  entityId: string | null;
  subjectName: string | null;
}

describeEachDb('audit log in names', (t) => {
  it('says who did it and to whom or what, by name, and only from the clinic’s own records', async () => {
    const b = await bookingClinic(t(), await createTestClinic(t()));
    const other = await bookingClinic(t(), await createTestClinic(t()));
    const a = (await book(t(), b, b.sec, b.at('09:00'))).json();
    expect((await call(t(), b.owner, 'POST', `${b.base}/rooms`, { name: 'Cedar room' })).statusCode).toBe(
      201,
    );
    // The web app opens a record the way any client does: a search, then the record itself.
    const found = await call(t(), b.sec, 'GET', `${b.base}/patients?q=pat`);
    expect(found.json().items.map((p: { id: string }) => p.id)).toContain(b.patientId);
    expect((await call(t(), b.sec, 'GET', `${b.base}/patients/${b.patientId}`)).statusCode).toBe(200);

    const log = await call(t(), b.owner, 'GET', `${b.base}/audit?limit=200`);
    expect(log.statusCode).toBe(200);
    const items = log.json().items as Named[];
    const first = (action: string) => items.find((e) => e.action === action);
    expect(first('patient.read')).toMatchObject({
      actorUserId: b.c.secretary.id,
      actorName: expect.any(String),
      entityId: b.patientId,
      subjectName: 'Pat Lee',
    });
    expect(first('patient.read')?.actorName).toBe(
      (
        await t()
          .db.owner.selectFrom('users')
          .select('name')
          .where('id', '=', b.c.secretary.id)
          .executeTakeFirstOrThrow()
      ).name,
    );
    expect(first('appointment.booked')).toMatchObject({ entityId: a.id, subjectName: 'Pat Lee' });
    expect(first('service.created')).toMatchObject({ entityType: 'service', subjectName: 'Consultation' });
    expect(first('patient.created')).toMatchObject({ subjectName: 'Pat Lee' });
    expect(first('room.created')).toMatchObject({ entityType: 'room', subjectName: 'Cedar room' });
    // A search names no one record: nothing to name.
    expect(first('patient.searched')).toMatchObject({ entityId: null, subjectName: null });
    // A renamed patient is shown by today's name: the log keeps ids, names are read with it.
    expect(
      (await call(t(), b.sec, 'PATCH', `${b.base}/patients/${b.patientId}`, { fullName: 'Patricia Lee' }))
        .statusCode,
    ).toBe(200);
    const renamed = (await call(t(), b.owner, 'GET', `${b.base}/audit?action=patient.read`)).json();
    expect(renamed.items[0].subjectName).toBe('Patricia Lee');

    // The other clinic's log names its own people only, never this clinic's records.
    const theirs = (await call(t(), other.owner, 'GET', `${other.base}/audit?limit=200`)).json()
      .items as Named[];
    expect(theirs.some((e) => e.entityId === b.patientId || e.entityId === a.id)).toBe(false);
    expect(theirs.map((e) => e.subjectName)).not.toContain('Patricia Lee');
    // Filtering by another clinic's entity id finds nothing, and names nothing.
    const probe = await call(t(), other.owner, 'GET', `${other.base}/audit?entityId=${b.patientId}`);
    expect(probe.json().items).toEqual([]);
    // Only the owner reads the log.
    for (const who of [b.sec, b.doc, b.patient]) {
      expect([403, 404]).toContain((await call(t(), who, 'GET', `${b.base}/audit`)).statusCode);
    }
  });
});
