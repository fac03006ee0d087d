/**
 * The public site's home page under 100 concurrent visitors on PostgreSQL, beside `/healthz` in
 * the same run (the floor: the same server, no database, no rendering), and the public read API
 * (the same profile as JSON, from the same page cache). The load generator runs on the same machine.
 * Target (issue 12): home page p99 < 50 ms at 100 concurrent visitors.
 * `tsx bench/site.ts`; BENCH_SECONDS, BENCH_CLINICS as for `npm run bench` (bench/settings.ts).
 * It measures and prints; it asserts nothing. Only 127.0.0.1 is used.
 */
import os from 'node:os';
import { loadUrl } from './http-load.ts';
import { formatTable, type Row } from './report.ts';
import { loadBenchSettings } from './settings.ts';
import { prepareSlotsEndpoint } from './slots-http.ts';
import { loginOwner, openBenchDatabase, startApp } from './stack.ts';

const VISITORS = 100;
const log = (msg: string) => process.stdout.write(`${msg}\n`);

async function api(baseUrl: string, token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

async function main(): Promise<void> {
  const settings = { ...loadBenchSettings(), connections: VISITORS };
  const database = await openBenchDatabase(settings);
  const running = await startApp(database.url, settings);
  try {
    const { baseUrl, seeded } = running;
    const token = await loginOwner(baseUrl, seeded);
    const clinic = `/clinics/${seeded.clinicId}`;
    // Doctors with hours and a service, a few hundred bookings (the page reads none of them, but
    // they sit in the tables it reads beside), then a full site profile.
    await prepareSlotsEndpoint(baseUrl, token, seeded.clinicId);
    const site = await api(baseUrl, token, 'PUT', `${clinic}/site`, {
      taglineEn: 'Family medicine close to home',
      taglineAr: 'طب الأسرة قريب منك',
      aboutEn: 'We see adults and children.',
      aboutAr: 'نستقبل البالغين والأطفال.',
      addressLine: '1 Bench Street',
      city: 'Benchville',
      latitude: 40.7,
      longitude: -73.9,
      mapUrl: null,
      phone: '+1 212 555 0100',
      email: 'hello@bench.test',
      brandColor: '#0b7285',
      defaultLang: null,
      customHost: null,
      doctors: [],
    });
    const slug = site.slug as string;
    const targets = [
      {
        name: 'healthz',
        what: 'GET /healthz (baseline: same server, no database)',
        url: `${baseUrl}/healthz`,
      },
      {
        name: 'site',
        what: `GET /c/{slug} home page (rendered, page cache ${10}s)`,
        url: `${baseUrl}/c/${slug}`,
      },
      { name: 'site-ar', what: 'GET /c/{slug}?lang=ar', url: `${baseUrl}/c/${slug}?lang=ar` },
      {
        name: 'public-api',
        what: 'GET /api/v1/public/clinics/{slug} (the profile as JSON, same cache)',
        url: `${baseUrl}/api/v1/public/clinics/${slug}`,
      },
    ];
    const rows: Row[] = [];
    for (const target of targets) {
      const opts = {
        connections: VISITORS,
        seconds: settings.seconds,
        headers: { 'accept-encoding': 'gzip' },
      };
      if (settings.warmupSeconds > 0) await loadUrl(target.url, { ...opts, seconds: settings.warmupSeconds });
      const r = await loadUrl(target.url, opts);
      rows.push({
        name: target.name,
        what: target.what,
        perSec: r.requestsPerSec,
        p50Ms: r.p50Ms,
        p99Ms: r.p99Ms,
        note: r.bad > 0 ? `${r.bad} bad answers` : `${r.total} requests`,
      });
      log(
        `${target.name}: p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, ${Math.round(r.requestsPerSec)}/s, bad ${r.bad}`,
      );
    }
    log('');
    log(
      `${VISITORS} concurrent visitors, ${settings.seconds} s per stage, PostgreSQL, ${settings.clinics} clinics, ` +
        `load average ${os
          .loadavg()
          .map((x) => x.toFixed(1))
          .join(' ')} on ${os.cpus().length} cores`,
    );
    log(formatTable(rows));
    const page = rows.find((r) => r.name === 'site');
    const floor = rows.find((r) => r.name === 'healthz');
    if (page && floor) {
      log(`\nhome page p99 ${page.p99Ms} ms: target < 50 ms ${page.p99Ms < 50 ? 'met' : 'MISSED'}`);
      log(`home page p99 / healthz p99 in the same run: ${(page.p99Ms / floor.p99Ms).toFixed(2)}`);
    }
  } finally {
    await running.close();
    await database.drop();
  }
}

await main();
