/**
 * `npx tsx bench/booking.ts` (from server/, or with DATABASE_URL): online booking on PostgreSQL.
 *   1. the public slots API (one day, "first available") at 100 concurrent visitors, beside the
 *      staff slots endpoint for the same doctors and day at the same concurrency (the baseline);
 *   2. 500 concurrent hold attempts, from 500 addresses, on 20 free times: exactly 20 holds must
 *      exist at the end, every other answer a 409 slot_taken, and no 5xx.
 * It prints its numbers; the targets are p99 < 50 ms and "20 holds, no 5xx". See docs/PERFORMANCE.md.
 */
import pg from 'pg';
import { loadUrl } from './http-load.ts';
import { loadBenchSettings } from './settings.ts';
import { prepareSlotsEndpoint } from './slots-http.ts';
import { loginOwner, openBenchDatabase, startApp } from './stack.ts';

const log = (msg: string) => process.stdout.write(`${msg}\n`);
const DAY = 86_400_000;

async function main(): Promise<void> {
  const s = loadBenchSettings();
  const bench = await openBenchDatabase(s);
  const stack = await startApp(bench.url, s);
  try {
    const token = await loginOwner(stack.baseUrl, stack.seeded);
    const setup = await prepareSlotsEndpoint(stack.baseUrl, token, stack.seeded.clinicId);
    const client = new pg.Client({ connectionString: bench.url });
    await client.connect();
    const clinic = await client.query<{ slug: string }>('select slug from clinics where id = $1', [
      stack.seeded.clinicId,
    ]);
    const slug = clinic.rows[0]!.slug;
    const serviceId = /services\/([0-9a-f-]{36})\//.exec(setup.url)![1]!;
    // Three days ahead, or four when that is the Sunday the bench doctors do not work.
    let day = Math.floor(Date.now() / DAY) * DAY + 3 * DAY;
    if (new Date(day).getUTCDay() === 0) day += DAY;
    const date = new Date(day).toISOString().slice(0, 10);
    const base = `${stack.baseUrl}/api/v1`;
    const publicUrl = `${base}/public/clinics/${slug}/slots?serviceId=${serviceId}&doctorId=any&date=${date}`;
    const staffUrl = `${base}/clinics/${stack.seeded.clinicId}/services/${serviceId}/slots?from=${date}&to=${date}&order=best`;
    const probe = (await (await fetch(publicUrl)).json()) as {
      slots: { start: string; end: string; doctorId: string }[];
    };
    log(`public slots for ${date}: ${probe.slots.length} free times`);

    const opts = { connections: 100, seconds: s.seconds };
    if (s.warmupSeconds > 0) await loadUrl(publicUrl, { ...opts, seconds: s.warmupSeconds });
    const pub = await loadUrl(publicUrl, opts);
    const staff = await loadUrl(staffUrl, { ...opts, headers: { authorization: `Bearer ${token}` } });
    log(
      `public slots, 100 visitors: p50 ${pub.p50Ms} ms, p99 ${pub.p99Ms} ms, ${pub.requestsPerSec.toFixed(0)} req/s, ${pub.bad} bad (target p99 < 50 ms: ${pub.p99Ms < 50 ? 'met' : 'MISSED'})`,
    );
    log(
      `staff slots (baseline), 100 clients: p50 ${staff.p50Ms} ms, p99 ${staff.p99Ms} ms, ${staff.requestsPerSec.toFixed(0)} req/s, ${staff.bad} bad`,
    );

    // 20 distinct free times, 25 visitors on each, all at once, each from its own address.
    // Times that cannot overlap (per doctor, each starting 10 minutes or more after the last one
    // chosen ends: buffers), so every one of the 20 can be held.
    const lastEnd = new Map<string, number>();
    const times: { start: string; doctorId: string }[] = [];
    for (const x of probe.slots) {
      const start = Date.parse(x.start);
      if (times.length === 20 || start < (lastEnd.get(x.doctorId) ?? 0) + 10 * 60_000) continue;
      times.push(x);
      lastEnd.set(x.doctorId, Date.parse(x.end));
    }
    if (times.length < 20) throw new Error(`only ${times.length} free times on ${date}`);
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 500 }, (_, i) =>
        fetch(`${base}/public/clinics/${slug}/holds`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.${i >> 8}.${i & 255}.7` },
          body: JSON.stringify({
            serviceId,
            doctorId: times[i % 20]!.doctorId,
            startsAt: times[i % 20]!.start,
          }),
        }).then(async (r) => ({ status: r.status, code: ((await r.json()) as { code?: string }).code })),
      ),
    );
    const took = Date.now() - started;
    const count = (f: (a: { status: number }) => boolean) => answers.filter(f).length;
    const holds = await client.query<{ n: string }>(
      `select count(*) as n from appointments where clinic_id = $1 and source = 'site' and status = 'pending'`,
      [stack.seeded.clinicId],
    );
    await client.end();
    const held = Number(holds.rows[0]!.n);
    log(
      `500 hold attempts on 20 times in ${took} ms: ${count((a) => a.status === 201)} × 201, ` +
        `${count((a) => a.status === 409)} × 409, ${count((a) => a.status === 429)} × 429, ` +
        `${count((a) => a.status >= 500)} × 5xx; holds in the database: ${held} ` +
        `(target 20 and no 5xx: ${held === 20 && count((a) => a.status >= 500) === 0 ? 'met' : 'MISSED'})`,
    );
  } finally {
    await stack.close();
    await bench.drop();
  }
}

await main();
