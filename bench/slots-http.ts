/**
 * The slots endpoint through the full stack on PostgreSQL: one clinic's doctors get a service,
 * weekly hours and a few hundred appointments through the API, then 50 clients ask for one
 * doctor's slots over a week. Target: p99 < 25 ms at 50 concurrent clients.
 */
import { type HttpResult, loadUrl, loadUrls } from './http-load.ts';

const DAY = 86_400_000;

async function api(baseUrl: string, token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

export interface SlotsEndpointSetup {
  /** One doctor's week: the question the hot load repeats. */
  url: string;
  /** Every doctor's week from each of the next 7 days, both orders: a spread of questions. */
  spread: string[];
  booked: number;
  slotsPerAnswer: number;
}

/** Sets up scheduling in `clinicId` through the API and returns the slots URL to load. */
export async function prepareSlotsEndpoint(
  baseUrl: string,
  token: string,
  clinicId: string,
): Promise<SlotsEndpointSetup> {
  const base = `/clinics/${clinicId}`;
  const service = await api(baseUrl, token, 'POST', `${base}/services`, {
    name: 'Bench consultation',
    durationMin: 20,
    priceMinor: 5000,
    mode: 'in_person',
    bufferAfterMin: 5,
  });
  if (service.status !== 201) throw new Error(`service: ${service.status} ${JSON.stringify(service.json)}`);
  const serviceId = service.json.id as string;
  const doctors = (
    (await api(baseUrl, token, 'GET', `${base}/doctors`)).json.items as Array<{ id: string }>
  ).map((d) => d.id);
  if (doctors.length === 0) throw new Error('the bench clinic has no doctors');
  const rules = [1, 2, 3, 4, 5, 6].flatMap((weekday) => [
    { weekday, start: '08:00', end: '12:00', mode: 'in_person' },
    { weekday, start: '13:00', end: '18:00', mode: 'in_person' },
  ]);
  for (const d of doctors) {
    await api(baseUrl, token, 'PUT', `${base}/doctors/${d}/services/${serviceId}`, {});
    await api(baseUrl, token, 'PUT', `${base}/doctors/${d}/work-hours`, { rules });
  }
  // About 14 bookings a working day for the measured doctor (half their time), a few for the others.
  const today = Math.floor(Date.now() / DAY) * DAY;
  let booked = 0;
  const target = doctors[0]!;
  for (let day = 1; day <= 14; day++) {
    for (let k = 0; k < 24; k++) {
      const doctorId = k < 14 ? target : doctors[k % doctors.length]!;
      const minute = 8 * 60 + ((k * 41) % 600);
      const res = await api(baseUrl, token, 'POST', `${base}/appointments`, {
        doctorId,
        serviceId,
        startsAt: new Date(today + day * DAY + minute * 60_000).toISOString(),
        patient: {
          fullName: `Bench patient ${day}-${k}`,
          phone: `+1555${String(day * 100 + k).padStart(7, '0')}`,
        },
      });
      if (res.status === 201) booked++;
      else if (res.status !== 409) throw new Error(`booking: ${res.status} ${JSON.stringify(res.json)}`);
    }
  }
  const from = new Date(today + DAY).toISOString().slice(0, 10);
  const to = new Date(today + 7 * DAY).toISOString().slice(0, 10);
  const path = `${base}/services/${serviceId}/slots?doctorId=${target}&from=${from}&to=${to}`;
  const probe = await api(baseUrl, token, 'GET', path);
  if (probe.status !== 200) throw new Error(`slots: ${probe.status} ${JSON.stringify(probe.json)}`);
  const spread: string[] = [];
  for (const d of doctors) {
    for (let k = 1; k <= 7; k++) {
      const f = new Date(today + k * DAY).toISOString().slice(0, 10);
      const t = new Date(today + (k + 6) * DAY).toISOString().slice(0, 10);
      for (const order of ['time', 'best'])
        spread.push(
          `${baseUrl}/api/v1${base}/services/${serviceId}/slots?doctorId=${d}&from=${f}&to=${t}&order=${order}`,
        );
    }
  }
  return {
    url: `${baseUrl}/api/v1${path}`,
    spread,
    booked,
    slotsPerAnswer: (probe.json.slots as unknown[]).length,
  };
}

/** 50 clients on `urls`: one URL goes through autocannon's command line, several through load-worker.ts. */
export function loadSlotsEndpoint(
  urls: string[],
  token: string,
  seconds: number,
  onSpawn?: (pid: number) => void,
): Promise<HttpResult> {
  const opts = {
    connections: 50,
    seconds,
    // What a browser sends: answers of a free week go compressed.
    headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip, deflate, br' },
    ...(onSpawn ? { onSpawn } : {}),
  };
  return urls.length === 1 ? loadUrl(urls[0]!, opts) : loadUrls(urls, opts);
}
