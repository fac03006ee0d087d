import type { FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { SessionCache } from '../auth/session-cache.ts';
import type { Database } from '../db/database.ts';

/** A gauge that reads its value when scraped. */
function readGauge(registry: Registry, name: string, help: string, read: () => number): void {
  new Gauge({
    name,
    help,
    registers: [registry],
    collect() {
      this.set(read());
    },
  });
}

/** /healthz (process up), /readyz (database answers), /metrics (Prometheus text). */
export function registerOps(
  app: FastifyInstance,
  deps: { db: Database; defaultMetrics: boolean; sessionCache?: SessionCache },
): Registry {
  const registry = new Registry();
  if (deps.defaultMetrics) collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const cache = deps.sessionCache;
  if (cache) {
    for (const [name, help, read] of [
      ['session_cache_hits', 'Requests whose session was found in the cache', () => cache.hits],
      ['session_cache_misses', 'Requests whose session was looked up in the database', () => cache.misses],
      ['session_cache_entries', 'Sessions held in the cache now', () => cache.size],
      [
        'session_cache_bypassed',
        'Requests looked up because the access listener was down or catching up',
        () => cache.bypassed,
      ],
    ] as const) {
      readGauge(registry, name, help, read);
    }
    new Gauge({
      name: 'session_cache_clears',
      help: 'Access changes heard by the session cache, by the scope they named (user, clinic, all)',
      labelNames: ['scope'] as const,
      registers: [registry],
      collect() {
        for (const scope of ['user', 'clinic', 'all'] as const) this.set({ scope }, cache.clears[scope]);
      },
    });
  }
  const listener = deps.db.accessListener;
  for (const [name, help, read] of [
    [
      'access_listener_up',
      '1 while the access listener is connected (the session cache answers only then)',
      () => (listener.up ? 1 : 0),
    ],
    ['access_version', 'The last access version heard from the database', () => listener.version],
    [
      'access_notifications',
      'Access changes heard as notifications from the database',
      () => listener.stats.notifications,
    ],
    [
      'access_own_changes',
      "This instance's own access changes, seen as its commit returned",
      () => listener.stats.ownChanges,
    ],
    [
      'access_missed',
      'Access changes found by the version poll that no notification announced',
      () => listener.stats.missed,
    ],
    ['access_listener_reconnects', 'Times the access listener reconnected', () => listener.stats.reconnects],
  ] as const) {
    readGauge(registry, name, help, read);
  }
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    duration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await deps.db.ping();
      return { status: 'ok', database: 'ok' };
    } catch {
      return reply.status(503).send({ status: 'unavailable', database: 'unreachable' });
    }
  });
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });
  return registry;
}
