import { isoFromDay, utcToLocal } from '@cliniclick/time';
import Fastify from 'fastify';
import { CompiledQuery, type Kysely } from 'kysely';
import { expect, it } from 'vitest';
import { addDoctor, book, bookingClinic } from '../../modules/scheduling/test-fixture.ts';
import type { AppDB } from '../../modules.ts';
import { call, expectFieldProblem } from '../../test/api.ts';
import { createTestClinic, describeEachDb, login, type TestApp } from '../../test/harness.ts';
import { registerProblemHandlers } from './problem.ts';

/** Issue 10 item 4: dates at the edge of what JavaScript and PostgreSQL can hold. */

/** What the database holds, read as its owner (the module tables are typed by AppDB). */
const ownerOf = (t: TestApp) => t.db.owner as unknown as Kysely<AppDB>;

const appointmentsOf = (t: TestApp, clinicId: string) =>
  ownerOf(t)
    .selectFrom('appointments')
    .select(['id', 'starts_at'])
    .where('clinic_id', '=', clinicId)
    .orderBy('id')
    .execute();

const expectOutOfRange = (res: { statusCode: number; json(): unknown }, field: string, what: string) =>
  expectFieldProblem(res, 'date_out_of_range', field, what);

describeEachDb('dates at the edge', (t) => {
  it('the issue’s inputs answer 400 date_out_of_range on every route, and nothing is stored', async () => {
    const b = await bookingClinic(t(), await createTestClinic(t()));
    const kept = await book(t(), b, b.sec, b.at('09:00'));
    expect(kept.statusCode).toBe(201);
    const before = await appointmentsOf(t(), b.c.id);

    for (const startsAt of ['9999-12-31T23:45:00Z', '9999-12-31T23:00:00Z', '2200-06-01T10:00:00Z']) {
      expectOutOfRange(await book(t(), b, b.sec, startsAt), 'startsAt', `book ${startsAt}`);
    }
    // A year JavaScript writes as +010000 is not even a well-formed instant.
    const plus = await book(t(), b, b.sec, '+010000-01-01T00:00:00Z');
    expect(plus.statusCode).toBe(400);

    const series = await call(t(), b.sec, 'POST', `${b.base}/appointment-series`, {
      doctorId: b.c.doctor.id,
      serviceId: b.serviceId,
      patientId: b.patientId,
      startsAt: '9999-12-03T10:00:00Z',
      count: 5,
    });
    expectOutOfRange(series, 'startsAt', 'series');

    const moved = await call(t(), b.sec, 'POST', `${b.base}/appointments/${kept.json().id}/reschedule`, {
      startsAt: '9999-12-31T23:00:00Z',
    });
    expectOutOfRange(moved, 'startsAt', 'reschedule');
    expect(await appointmentsOf(t(), b.c.id)).toEqual(before);

    const slots = `${b.base}/services/${b.serviceId}/slots`;
    expectOutOfRange(
      await call(t(), b.sec, 'GET', `${slots}?from=9999-12-31&to=9999-12-31`),
      'from',
      'slots',
    );
    expectOutOfRange(await call(t(), b.sec, 'GET', `${slots}?from=9999-12-31`), 'from', 'slots from only');
    expectOutOfRange(
      await call(t(), b.sec, 'GET', `${b.base}/schedule-exceptions?from=9999-12-31`),
      'from',
      'exceptions list',
    );
    expectOutOfRange(
      await call(t(), b.sec, 'GET', `${b.base}/appointments?from=9999-12-31T00:00:00Z`),
      'from',
      'appointment list',
    );
    expectOutOfRange(
      await call(
        t(),
        b.sec,
        'GET',
        `${b.base}/appointments?from=0001-01-01T00:00:00Z&to=0001-01-02T00:00:00Z`,
      ),
      'from',
      'appointment list in year 1',
    );
    const exception = await call(t(), b.sec, 'POST', `${b.base}/schedule-exceptions`, {
      kind: 'closure',
      fromDate: '9999-12-31',
      toDate: '9999-12-31',
    });
    expectOutOfRange(exception, 'fromDate', 'exception');
    expect(
      await ownerOf(t())
        .selectFrom('schedule_exceptions')
        .select('id')
        .where('clinic_id', '=', b.c.id)
        .execute(),
    ).toEqual([]);
    const audit = await call(t(), b.owner, 'GET', `/clinics/${b.c.id}/audit?from=9999-12-31T00:00:00Z`);
    expectOutOfRange(audit, 'from', 'audit');
  });

  it('windows follow the clinic’s clock: five years ahead and ten back are fine, a day more is not', async () => {
    const b = await bookingClinic(t(), await createTestClinic(t()));
    const now = t().clock.now();
    const years = (n: number, days = 0) => {
      const d = new Date(now);
      d.setUTCFullYear(d.getUTCFullYear() + n);
      return new Date(d.getTime() + days * 86_400_000);
    };
    const list = (from: Date, who = b.sec) =>
      call(
        t(),
        who,
        'GET',
        `${b.base}/appointments?from=${from.toISOString()}&to=${new Date(from.getTime() + 86_400_000).toISOString()}`,
      );
    expect((await list(years(5, -2))).statusCode).toBe(200);
    expect((await list(years(-10, 1))).statusCode).toBe(200);
    expectOutOfRange(await list(years(5, 1)), 'from', 'six years ahead');
    expectOutOfRange(await list(years(-10, -1)), 'from', 'ten years and a day back');

    // A series that starts inside the window but whose last visit falls outside it.
    const late = years(5, -30);
    const series = await call(t(), b.sec, 'POST', `${b.base}/appointment-series`, {
      doctorId: b.c.doctor.id,
      serviceId: b.serviceId,
      patientId: b.patientId,
      startsAt: late.toISOString(),
      everyWeeks: 4,
      count: 10,
      dryRun: true,
    });
    expectOutOfRange(series, 'count', 'series running past the window');

    // Move the clock (and sign in again then): what was out of the window is now in it.
    t().clock.set(years(1));
    try {
      expect((await list(years(5, 1), await login(t(), b.c.secretary))).statusCode).toBe(200);
    } finally {
      t().clock.set(now);
    }
  });

  it('range lengths are bounded where a long range is expensive', async () => {
    const b = await bookingClinic(t(), await createTestClinic(t()));
    const today = utcToLocal(b.zone, t().clock.now().getTime()).day;
    const exceptions = (days: number) =>
      call(
        t(),
        b.sec,
        'GET',
        `${b.base}/schedule-exceptions?from=${isoFromDay(today)}&to=${isoFromDay(today + days)}`,
      );
    expect((await exceptions(366)).statusCode).toBe(200);
    const long = await exceptions(367);
    expect(long.statusCode).toBe(400);
    expect(long.json().errors[0].field).toBe('to');
    const slots = await call(
      t(),
      b.sec,
      'GET',
      `${b.base}/services/${b.serviceId}/slots?from=${isoFromDay(today)}&to=${isoFromDay(today + 32)}`,
    );
    expect(slots.statusCode).toBe(400);
  });

  it('a birth date is from 1900 up to the clinic’s today, not UTC’s', async () => {
    // 23:30 in New York is already tomorrow in UTC.
    const c = await createTestClinic(t(), { timeZone: 'America/New_York' });
    const b = await bookingClinic(t(), c);
    const now = t().clock.now();
    t().clock.set('2026-03-10T03:30:00Z'); // 2026-03-09 23:30 in New York
    try {
      const create = (birthDate: string, phone: string) =>
        call(t(), b.sec, 'POST', `${b.base}/patients`, { fullName: 'Baby Born', phone, birthDate });
      expectOutOfRange(await create('2026-03-10', '+15555550181'), 'birthDate', 'UTC’s today, not yet local');
      expectOutOfRange(await create('1899-12-31', '+15555550182'), 'birthDate', 'before 1900');
      expectOutOfRange(await create('9999-12-31', '+15555550183'), 'birthDate', 'year 9999');
      const ok = await create('2026-03-09', '+15555550184');
      expect(ok.statusCode).toBe(201);
      expect(ok.json().birthDate).toBe('2026-03-09');
      expect((await create('1900-01-01', '+15555550185')).statusCode).toBe(201);
      const update = await call(t(), b.sec, 'PATCH', `${b.base}/patients/${ok.json().id}`, {
        birthDate: '2026-03-10',
      });
      expectOutOfRange(update, 'birthDate', 'update');
    } finally {
      t().clock.set(now);
    }
  });

  it('a second doctor’s reschedule to the edge is refused as well (doctorId and startsAt together)', async () => {
    const b = await bookingClinic(t(), await createTestClinic(t()));
    const other = await addDoctor(t(), b.c);
    const a = await book(t(), b, b.sec, b.at('10:00'));
    const res = await call(t(), b.sec, 'POST', `${b.base}/appointments/${a.json().id}/reschedule`, {
      startsAt: '9999-12-31T23:00:00Z',
      doctorId: other.id,
    });
    expectOutOfRange(res, 'startsAt', 'reschedule with doctor');
  });

  it('any data exception the database still raises (SQLSTATE class 22) answers 400 invalid_value, not 500', async () => {
    // The engine's own errors, as they reach the one error handler.
    const app = Fastify({ logger: false });
    registerProblemHandlers(app);
    app.get<{ Querystring: { sql: string; value: string } }>('/probe', async (request) => {
      await t().db.owner.executeQuery(CompiledQuery.raw(request.query.sql, [request.query.value]));
      return { ok: true };
    });
    try {
      const cases: Array<[string, string, string]> = [
        ['select $1::timestamptz', '+010000-01-01T00:00:00.000Z', 'the issue’s year'],
        ['select $1::timestamptz', '2026-02-30T00:00:00Z', 'no such day'],
        ['select $1::int', '99999999999', 'integer out of range'],
        ['select 1 / $1::int', '0', 'division by zero'],
        ['select $1::date', 'tomorrow-ish', 'not a date'],
      ];
      for (const [sql, value, what] of cases) {
        const res = await app.inject({ method: 'GET', url: '/probe', query: { sql, value } });
        expect(res.statusCode, what).toBe(400);
        expect(res.json(), what).toMatchObject({ code: 'invalid_value' });
      }
    } finally {
      await app.close();
    }
  });
});
