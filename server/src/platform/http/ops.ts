import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { equalBytes, sha256 } from '../auth/crypto.ts';
import type { SessionCache } from '../auth/session-cache.ts';
import type { Database } from '../db/database.ts';
import { sendProblem } from './problem.ts';

/** Who may read /metrics: holders of the token; without one, direct loopback clients if allowed. */
export interface MetricsAccess {
  /** `Authorization: Bearer <token>` required when set (METRICS_TOKEN). */
  token?: string;
  /** Without a token: serve clients on this machine that came through no proxy (the embedded demo). */
  loopback?: boolean;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;
const PROXY_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'];

function metricsRefusal(request: FastifyRequest, access: MetricsAccess): [number, string, string] | null {
  if (access.token) {
    const sent = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? '';
    return equalBytes(sha256(sent), sha256(access.token))
      ? null
      : [401, 'metrics_token_required', 'Send the metrics token: Authorization: Bearer <METRICS_TOKEN>'];
  }
  // The socket's own address: a proxy on this machine forwards from loopback, so any sign of a
  // proxy refuses too (a misconfigured proxy must not make the metrics public).
  const direct =
    LOOPBACK.test(request.socket.remoteAddress ?? '') &&
    PROXY_HEADERS.every((h) => request.headers[h] === undefined);
  return access.loopback && direct
    ? null
    : [403, 'metrics_not_enabled', 'Metrics are served only with METRICS_TOKEN set (see docs/OPERATIONS.md)'];
}

/** A gauge that reads its value when scraped. */
export function readGauge(registry: Registry, name: string, help: string, read: () => number): void {
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
  deps: { db: Database; defaultMetrics: boolean; sessionCache?: SessionCache; metrics: MetricsAccess },
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
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    const refusal = metricsRefusal(request, deps.metrics);
    if (refusal) {
      if (refusal[0] === 401) reply.header('www-authenticate', 'Bearer realm="metrics"');
      return sendProblem(request, reply, ...refusal);
    }
    reply.type(registry.contentType);
    return registry.metrics();
  });
  return registry;
}
