import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Registry } from 'prom-client';
import { type WebSocket, WebSocketServer } from 'ws';
import { z } from 'zod';
import type { Permissions } from '../access/permissions.ts';
import type { SessionCache } from '../auth/session-cache.ts';
import { authenticate } from '../auth/sessions.ts';
import type { Database } from '../db/database.ts';
import type { ClinicRole } from '../db/schema.ts';
import type { DomainEvent, EventBus, EventLogger } from '../events/bus.ts';
import { readGauge } from '../http/ops.ts';
import { type HubMember, LiveHub } from './hub.ts';
import { liveBusTopic } from './log.ts';
import { liveEventsAfter, liveHead } from './replay.ts';
import { type LiveTopicDefinition, matchTopic } from './topics.ts';

export const LIVE_PATH = '/api/v1/live';
/** Bus topic on which any instance asks all of them to check a clinic's subscriptions again. */
export const LIVE_RECHECK_TOPIC = 'live:recheck';
const SESSION_COOKIE = 'cliniclick_session';

export interface LiveLimits {
  /** Topics one connection may hold. */
  maxTopics: number;
  /** Messages a client may send per 10 s before it is disconnected. */
  messagesPer10s: number;
  /** Bytes queued for a socket beyond which it is a slow consumer and is cut loose. */
  maxBufferedBytes: number;
  /** Ping interval; a socket that did not answer the previous ping is dropped. */
  heartbeatMs: number;
  /** Events replayed to a reconnecting client at most; more missing: "refetch". */
  replayLimit: number;
}

export const DEFAULT_LIVE_LIMITS: LiveLimits = {
  maxTopics: 50,
  messagesPer10s: 100,
  maxBufferedBytes: 1 << 20,
  heartbeatMs: 30_000,
  replayLimit: 500,
};

export interface LiveGatewayOptions {
  db: Database;
  events: EventBus;
  permissions: Permissions;
  topics: readonly LiveTopicDefinition[];
  sessionCache?: SessionCache | undefined;
  /** The app's public origin; a browser's Origin must be it or the request's own host. */
  publicUrl: string;
  logger?: EventLogger;
  limits?: Partial<LiveLimits>;
}

const clientMessage = z.discriminatedUnion('op', [
  z.object({
    op: z.literal('sub'),
    clinicId: z.uuid(),
    topic: z.string().min(1).max(200),
    after: z.number().int().min(0).optional(),
    token: z.string().min(1).max(200).optional(),
  }),
  z.object({ op: z.literal('unsub'), clinicId: z.uuid(), topic: z.string().min(1).max(200) }),
  z.object({ op: z.literal('ping') }),
]);
type SubMessage = Extract<z.infer<typeof clientMessage>, { op: 'sub' }>;

interface Subscription extends HubMember {
  clinicId: string;
  topic: string;
  busTopic: string;
  def: LiveTopicDefinition;
  params: Record<string, string>;
  token: string | undefined;
}

interface Connection {
  socket: WebSocket;
  /** The session the socket opened with (cookie or bearer); null: token topics only. */
  session: { token: string; userId: string } | null;
  subs: Map<string, Subscription>;
  alive: boolean;
  window: { started: number; count: number };
}

const key = (clinicId: string, topic: string) => `${clinicId} ${topic}`;

/**
 * The real-time endpoint: one WebSocket per client at /api/v1/live. Clients subscribe to clinic
 * topics that modules declare (manifest `live`); every subscription is authorised with the REST
 * API's permission table (and the topic's own check), again whenever access in the clinic changes
 * (a removed member's sockets lose their topics at once). Events come from `tx.emitLive` through
 * the bus (Redis across instances), numbered per topic; a client resuming with its last number is
 * sent what it missed from the log, or told to refetch.
 */
export class LiveGateway {
  readonly #opts: LiveGatewayOptions;
  readonly #limits: LiveLimits;
  readonly #hub: LiveHub;
  readonly #wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  readonly #connections = new Set<Connection>();
  readonly #cleanups: Array<() => void | Promise<void>> = [];
  #heartbeat: NodeJS.Timeout | undefined;
  readonly stats = { delivered: 0, slowDropped: 0, revoked: 0, refused: 0 };

  constructor(opts: LiveGatewayOptions) {
    this.#opts = opts;
    this.#limits = { ...DEFAULT_LIVE_LIMITS, ...opts.limits };
    this.#hub = new LiveHub(opts.db, opts.events);
    for (const def of opts.topics)
      if (!def.permission && !def.allow)
        throw new Error(`live topic ${def.pattern} has neither a permission nor an allow check`);
  }

  get connections(): number {
    return this.#connections.size;
  }

  get topics(): number {
    return this.#hub.topics;
  }

  /** Takes over WebSocket upgrades of `server` at LIVE_PATH and starts hearing access changes. */
  async attach(server: Server): Promise<void> {
    const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      void this.#upgrade(req, socket, head);
    };
    server.on('upgrade', onUpgrade);
    this.#cleanups.push(() => {
      server.off('upgrade', onUpgrade);
    });
    const listener = this.#opts.db.accessListener;
    this.#cleanups.push(
      listener.onChange((change) => {
        // A lost connection says nothing about access (the database may be away too); the
        // reconnect that follows announces everything, and subscriptions are checked then.
        if (change.via === 'down') return;
        for (const scope of change.scopes) {
          if (scope === '*') void this.recheck(() => true);
          else if (scope.startsWith('u:')) void this.recheck((c) => c.session?.userId === scope.slice(2));
          else if (scope.startsWith('c:')) void this.recheck(() => true, scope.slice(2));
        }
      }),
    );
    await listener.start();
    this.#cleanups.push(() => listener.stop());
    const off = await this.#opts.events.subscribe(LIVE_RECHECK_TOPIC, (e) => {
      if (e.clinicId) void this.recheck(() => true, e.clinicId);
    });
    this.#cleanups.push(off);
    this.#heartbeat = setInterval(() => this.#beat(), this.#limits.heartbeatMs);
    this.#heartbeat.unref();
  }

  async close(): Promise<void> {
    clearInterval(this.#heartbeat);
    for (const c of this.#connections) c.socket.terminate();
    this.#connections.clear();
    for (const fn of this.#cleanups.splice(0).reverse()) await fn();
    this.#wss.close();
  }

  /**
   * Checks subscriptions again (of connections `which` selects, in `clinicId` or all clinics):
   * those no longer allowed are dropped with `revoked`; a socket whose session ended is closed.
   */
  async recheck(which: (c: Connection) => boolean, clinicId?: string): Promise<void> {
    await Promise.all(
      [...this.#connections].filter(which).map(async (conn) => {
        for (const sub of [...conn.subs.values()]) {
          if (clinicId && sub.clinicId !== clinicId) continue;
          let ok: boolean;
          try {
            ok = await this.#authorize(conn, sub.clinicId, sub.def, sub.params, sub.token, false);
          } catch {
            conn.socket.close(4401, 'session ended');
            return;
          }
          if (ok || !conn.subs.has(key(sub.clinicId, sub.topic))) continue;
          this.#drop(conn, sub);
          this.stats.revoked++;
          this.#send(conn, { op: 'revoked', clinicId: sub.clinicId, topic: sub.topic });
        }
      }),
    );
  }

  async #upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== LIVE_PATH) return; // another upgrade handler's, if any
    const origin = req.headers.origin;
    if (origin && !this.#sameOrigin(origin, req.headers.host)) return refuse(socket, 403, 'bad_origin');
    const token = bearer(req) ?? cookie(req, SESSION_COOKIE);
    let session: Connection['session'] = null;
    if (token) {
      try {
        const { auth } = await authenticate(this.#opts.db, token, null, this.#opts.sessionCache);
        session = { token, userId: auth.user.id };
      } catch {
        return refuse(socket, 401, 'unauthenticated');
      }
    }
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#open(ws, session));
  }

  #sameOrigin(origin: string, host: string | undefined): boolean {
    try {
      const o = new URL(origin);
      return o.origin === new URL(this.#opts.publicUrl).origin || (host !== undefined && o.host === host);
    } catch {
      return false;
    }
  }

  #open(socket: WebSocket, session: Connection['session']): void {
    const conn: Connection = {
      socket,
      session,
      subs: new Map(),
      alive: true,
      window: { started: Date.now(), count: 0 },
    };
    this.#connections.add(conn);
    socket.on('pong', () => {
      conn.alive = true;
    });
    socket.on('message', (data) => void this.#receive(conn, String(data)));
    socket.on('close', () => {
      this.#connections.delete(conn);
      for (const sub of conn.subs.values()) this.#hub.leave(sub.busTopic, sub);
      conn.subs.clear();
    });
    socket.on('error', () => socket.terminate());
  }

  async #receive(conn: Connection, raw: string): Promise<void> {
    const now = Date.now();
    if (now - conn.window.started > 10_000) conn.window = { started: now, count: 0 };
    if (++conn.window.count > this.#limits.messagesPer10s) {
      this.#send(conn, { op: 'error', code: 'rate_limited' });
      conn.socket.close(4429, 'too many messages');
      return;
    }
    let parsed: z.infer<typeof clientMessage>;
    try {
      parsed = clientMessage.parse(JSON.parse(raw));
    } catch {
      this.#send(conn, { op: 'error', code: 'bad_message' });
      return;
    }
    if (parsed.op === 'ping') return this.#send(conn, { op: 'pong' });
    const clinicId = parsed.clinicId.toLowerCase();
    if (parsed.op === 'unsub') {
      const sub = conn.subs.get(key(clinicId, parsed.topic));
      if (sub) this.#drop(conn, sub);
      return;
    }
    await this.#subscribe(conn, { ...parsed, clinicId }).catch((err: unknown) => {
      this.#opts.logger?.warn(
        { err: err instanceof Error ? err.message : String(err) },
        'live subscribe failed',
      );
      this.#send(conn, { op: 'denied', clinicId, topic: parsed.topic, code: 'unavailable' });
    });
  }

  async #subscribe(conn: Connection, m: SubMessage): Promise<void> {
    const { clinicId, topic } = m;
    const deny = (code: string) => {
      this.stats.refused++;
      this.#send(conn, { op: 'denied', clinicId, topic, code });
    };
    const k = key(clinicId, topic);
    let sub = conn.subs.get(k);
    if (!sub) {
      if (conn.subs.size >= this.#limits.maxTopics) return deny('too_many_topics');
      const match = matchTopic(this.#opts.topics, topic);
      // Unknown, forbidden and missing all answer the same: nothing to learn by probing.
      if (!match) return deny('not_found');
      let ok: boolean;
      try {
        ok = await this.#authorize(conn, clinicId, match.def, match.params, m.token, true);
      } catch {
        conn.socket.close(4401, 'session ended');
        return;
      }
      if (!ok) return deny('not_found');
      if (conn.subs.has(k) || conn.socket.readyState !== conn.socket.OPEN) return; // raced itself
      sub = this.#newSubscription(conn, clinicId, topic, match, m.token);
      conn.subs.set(k, sub);
      await this.#hub.join(sub.busTopic, { clinicId, topic }, sub, encoder(clinicId, topic));
    } else {
      sub.replaying = true;
    }
    // Meanwhile the hub holds this topic's events; it sends them on from where the log leaves off.
    const { db } = this.#opts;
    const answer =
      m.after === undefined
        ? { events: [], last: await liveHead(db, clinicId, topic) }
        : await liveEventsAfter(db, clinicId, topic, m.after, this.#limits.replayLimit);
    if ('refetch' in answer) {
      this.#send(conn, { op: 'refetch', clinicId, topic, last: answer.last });
    } else {
      for (const e of answer.events) this.#send(conn, { op: 'event', clinicId, ...e });
      this.#send(conn, { op: 'subscribed', clinicId, topic, last: answer.last });
    }
    sub.last = answer.last;
    sub.replaying = false;
    this.#hub.flush(sub.busTopic, sub);
  }

  #newSubscription(
    conn: Connection,
    clinicId: string,
    topic: string,
    match: { def: LiveTopicDefinition; params: Record<string, string> },
    token: string | undefined,
  ): Subscription {
    return {
      clinicId,
      topic,
      busTopic: liveBusTopic(clinicId, topic),
      def: match.def,
      params: match.params,
      token,
      last: 0,
      replaying: true,
      send: (encoded) => this.#sendRaw(conn, encoded),
      refetch: (last) => this.#send(conn, { op: 'refetch', clinicId, topic, last }),
    };
  }

  async #authorize(
    conn: Connection,
    clinicId: string,
    def: LiveTopicDefinition,
    params: Record<string, string>,
    token: string | undefined,
    cached: boolean,
  ): Promise<boolean> {
    let roles: readonly ClinicRole[] = [];
    const { db, permissions } = this.#opts;
    if (conn.session) {
      // Throws when the session has ended (signed out, revoked, expired): the socket closes.
      const { auth, clinic } = await authenticate(
        db,
        conn.session.token,
        clinicId,
        cached ? this.#opts.sessionCache : undefined,
      );
      const usable =
        clinic !== null &&
        clinic.status === 'active' &&
        !(clinic.staffMfaRequired && !auth.mfa && clinic.roles.some((r) => r !== 'patient'));
      if (usable) roles = clinic.roles;
    }
    if (def.permission && !permissions.allows(roles, def.permission)) return false;
    if (!def.allow) return true;
    return def.allow({ db, clinicId, userId: conn.session?.userId ?? null, roles, params, token });
  }

  #drop(conn: Connection, sub: Subscription): void {
    conn.subs.delete(key(sub.clinicId, sub.topic));
    this.#hub.leave(sub.busTopic, sub);
  }

  #send(conn: Connection, message: object): void {
    this.#sendRaw(conn, JSON.stringify(message));
  }

  /** A socket that cannot keep up is cut loose rather than buffered without bound. */
  #sendRaw(conn: Connection, data: string): void {
    const { socket } = conn;
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > this.#limits.maxBufferedBytes) {
      this.stats.slowDropped++;
      socket.terminate();
      return;
    }
    this.stats.delivered++;
    socket.send(data);
  }

  #beat(): void {
    for (const conn of this.#connections) {
      if (!conn.alive) {
        conn.socket.terminate();
        continue;
      }
      conn.alive = false;
      conn.socket.ping();
    }
  }
}

/** The gateway's figures on /metrics. */
export function registerLiveMetrics(registry: Registry, live: LiveGateway): void {
  for (const [name, help, read] of [
    ['live_connections', 'WebSocket connections open on this instance', () => live.connections],
    ['live_topics', 'Clinic topics this instance listens to on the bus', () => live.topics],
    ['live_messages_sent', 'Messages sent to sockets', () => live.stats.delivered],
    [
      'live_slow_consumers_dropped',
      'Sockets cut loose because they could not keep up',
      () => live.stats.slowDropped,
    ],
    ['live_subscriptions_revoked', 'Subscriptions dropped because access changed', () => live.stats.revoked],
    [
      'live_subscriptions_refused',
      'Subscriptions refused (no access, unknown topic, limits)',
      () => live.stats.refused,
    ],
  ] as const)
    readGauge(registry, name, help, read);
}

/** The message sent for a bus event of one clinic topic (the same string for every socket). */
function encoder(clinicId: string, topic: string): (e: DomainEvent) => string {
  return (e) =>
    JSON.stringify({ op: 'event', clinicId, topic, seq: e.seq, type: e.type, data: e.data, at: e.at });
}

function bearer(req: IncomingMessage): string | undefined {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return m?.[1];
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0 || part.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function refuse(socket: Duplex, status: 401 | 403, code: string): void {
  const body = JSON.stringify({ type: 'about:blank', status, code, title: code });
  socket.end(
    `HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : 'Forbidden'}\r\n` +
      'Content-Type: application/problem+json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
