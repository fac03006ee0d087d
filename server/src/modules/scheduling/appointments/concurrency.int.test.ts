import { expect, it } from 'vitest';
import { createTestClinic, describeEachDb, ownerDb } from '../../../test/harness.ts';
import { book, bookingClinic } from '../test-fixture.ts';

describeEachDb('no double booking under a race', (t) => {
  it('50 concurrent requests for one slot: exactly one appointment and 49 slot_taken', async () => {
    const b = await bookingClinic(t(), await createTestClinic(t()));
    // Overlapping, not only identical, times race too.
    const times = Array.from({ length: 50 }, (_, i) => b.at(i % 2 ? '11:00' : '11:15'));
    const answers = await Promise.all(times.map((at, i) => book(t(), b, i % 3 ? b.sec : b.owner, at)));
    const statuses = answers.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    for (const r of answers.filter((x) => x.statusCode === 409)) {
      expect(r.json().code).toBe('slot_taken');
      expect(r.headers['content-type']).toContain('application/problem+json');
    }
    const rows = await ownerDb(t().db)
      .selectFrom('appointments')
      .select(['id', 'status'])
      .where('clinic_id', '=', b.c.id)
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('racing holds and quick-created patients for one slot still end with one booking', async () => {
    const b = await bookingClinic(t(), await createTestClinic(t()));
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        book(t(), b, b.sec, b.at('15:00'), {
          patientId: undefined,
          patient: { fullName: `Racer ${i}`, phone: `+1555888${String(i).padStart(4, '0')}` },
          ...(i % 2 ? { holdMinutes: 10 } : {}),
        }),
      ),
    );
    const statuses = answers.map((r) => r.statusCode).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(answers.filter((r) => r.statusCode === 409).every((r) => r.json().code === 'slot_taken')).toBe(
      true,
    );
  });
});
