import { performance } from 'node:perf_hooks';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { ACCESS_CHANNEL } from './migrations/0004_access_version.ts';
import { APP_ROLE } from './migrations/helpers.ts';

export { ACCESS_CHANNEL };

/** What an access change touched: one user's sessions (`u:<id>`), one clinic (`c:<id>`), or everything (`*`). */
export type AccessScope = string;

export interface AccessChange {
  /** The database's access version after the change. */
  version: number;
  scopes: readonly AccessScope[];
  /** How it was learnt: a NOTIFY, this instance's own commit (NOTICE), the poll, or a (re)connect. */
  via: 'notify' | 'own' | 'poll' | 'connect' | 'down';
}

export interface AccessListenerOptions {
  /** How often the version is read as a safety net (and the connection proven alive). */
  pollMs?: number;
  /** First wait before reconnecting; doubles up to 5 s. */
  reconnectMs?: number;
  /** After this instance's own change, how long the cache waits for the change to come round. */
  ownChangeWaitMs?: number;
  onError?: (err: unknown, what: string) => void;
}

/** The transport: a dedicated PostgreSQL connection, or PGlite's own listen. */
export interface AccessChannel {
  /** Listens; `onDown` is called (once) if the connection is lost afterwards. */
  connect(onNotify: (payload: string) => void, onDown: (err: unknown) => void): Promise<void>;
  readVersion(): Promise<number>;
  close(): Promise<void>;
  /** The listening backend's pid, where there is one (tests cut it off). */
  readonly backendPid?: number | undefined;
}

/** `"<version> <scope> <scope>…"` as sent by access_flush(); null for anything else. */
export function parseAccessPayload(payload: string): { version: number; scopes: AccessScope[] } | null {
  const [head, ...scopes] = payload.trim().split(/\s+/);
  const version = Number(head);
  if (!Number.isSafeInteger(version) || scopes.length === 0) return null;
  return { version, scopes };
}

/**
 * Hears access changes from the database (migration 0004: a trigger bumps `access_version` and
 * notifies on every path that changes access: the app, the CLI, psql) and says whether caches of
 * access decisions may be trusted right now:
 * - only while the listener is connected: from a (re)connect on, every change is heard, and a
 *   reconnect clears everything (changes during the gap were not);
 * - the version is polled on the listening connection, so a connection that died silently is
 *   found out (and trust withdrawn), and a change whose notification went missing still clears
 *   everything by the next poll;
 * - after this instance's own change (the NOTICE its COMMIT carries), until that change comes round
 *   as a notification: a lookup racing the commit must not cache what it read just before it.
 */
export class AccessListener {
  readonly #channel: AccessChannel;
  readonly #pollMs: number;
  readonly #reconnectMs: number;
  readonly #ownChangeWaitMs: number;
  readonly #reporters = new Set<(err: unknown, what: string) => void>();
  readonly #listeners = new Set<(change: AccessChange) => void>();
  #users = 0;
  #up = false;
  #connecting: Promise<void> | undefined;
  #heard = 0;
  /** A version the last poll saw that no notification had announced yet. */
  #lagging: number | undefined;
  #waitFor: { version: number; until: number } | undefined;
  #poll: NodeJS.Timeout | undefined;
  #retry: NodeJS.Timeout | undefined;
  #backoff: number;
  #epoch = 0;
  readonly stats = { notifications: 0, ownChanges: 0, missed: 0, reconnects: 0, downs: 0 };

  constructor(channel: AccessChannel, opts: AccessListenerOptions = {}) {
    this.#channel = channel;
    this.#pollMs = opts.pollMs ?? 1_000;
    this.#reconnectMs = opts.reconnectMs ?? 100;
    this.#backoff = this.#reconnectMs;
    this.#ownChangeWaitMs = opts.ownChangeWaitMs ?? 2_000;
    if (opts.onError) this.#reporters.add(opts.onError);
  }

  /** Connected and caught up: a cache of access decisions may answer. */
  get trusted(): boolean {
    if (!this.#up) return false;
    const wait = this.#waitFor;
    if (!wait) return true;
    if (this.#heard >= wait.version || performance.now() > wait.until) {
      this.#waitFor = undefined;
      return true;
    }
    return false;
  }

  get up(): boolean {
    return this.#up;
  }

  /** The last access version heard of. */
  get version(): number {
    return this.#heard;
  }

  get backendPid(): number | undefined {
    return this.#channel.backendPid;
  }

  /** Where connection trouble is reported (the app's log). */
  onTrouble(report: (err: unknown, what: string) => void): () => void {
    this.#reporters.add(report);
    return () => this.#reporters.delete(report);
  }

  onChange(listener: (change: AccessChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Starts listening (shared: every start needs its stop). Resolves once the first attempt ends. */
  async start(): Promise<void> {
    this.#users++;
    if (this.#users > 1) return this.#connecting;
    this.#connecting = this.#connect();
    await this.#connecting;
  }

  async stop(): Promise<void> {
    if (this.#users === 0) return;
    this.#users--;
    if (this.#users === 0) await this.#shutDown();
  }

  /** What the reconnect timer does, now: reconnects a listener whose connection is down. */
  async reconnectNow(): Promise<void> {
    if (this.#users === 0 || this.#up) return;
    clearTimeout(this.#retry);
    this.#retry = undefined;
    this.stats.reconnects++;
    this.#connecting = this.#connect();
    await this.#connecting;
  }

  async close(): Promise<void> {
    this.#users = 0;
    await this.#shutDown();
  }

  /** This instance's own connection committed a change (its COMMIT carried the payload as a NOTICE). */
  ownChange(payload: string): void {
    const parsed = parseAccessPayload(payload);
    if (!parsed) return;
    this.stats.ownChanges++;
    if (parsed.version > this.#heard) {
      this.#waitFor = { version: parsed.version, until: performance.now() + this.#ownChangeWaitMs };
    }
    this.#emit({ ...parsed, via: 'own' });
  }

  /** Reads the version now (what the timer does every pollMs); false if the connection failed. */
  async poll(): Promise<boolean> {
    if (!this.#up) return false;
    const epoch = this.#epoch;
    let timer: NodeJS.Timeout | undefined;
    try {
      const version = await Promise.race([
        this.#channel.readVersion(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('access version poll timed out')), 2 * this.#pollMs);
        }),
      ]);
      if (epoch !== this.#epoch || !this.#up) return false;
      const lagging = this.#lagging;
      this.#lagging = undefined;
      if (version > this.#heard && (lagging === undefined || lagging <= this.#heard)) {
        // A commit can be visible a moment before its notification is on its way: give it
        // one poll interval to arrive before calling it missed.
        this.#lagging = version;
      } else if (version !== this.#heard) {
        // Changed, and the notification never came (or the database went back): trust nothing cached.
        this.stats.missed++;
        this.#heard = version;
        this.#emit({ version, scopes: ['*'], via: 'poll' });
      }
      return true;
    } catch (err) {
      if (epoch === this.#epoch) this.#down(err);
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  async #connect(): Promise<void> {
    const epoch = ++this.#epoch;
    try {
      await this.#channel.connect(
        (payload) => {
          if (epoch === this.#epoch) this.#notified(payload);
        },
        (err) => {
          if (epoch === this.#epoch) this.#down(err);
        },
      );
      const version = await this.#channel.readVersion();
      if (epoch !== this.#epoch || this.#users === 0) return;
      this.#heard = version;
      this.#lagging = undefined;
      this.#up = true;
      this.#backoff = this.#reconnectMs;
      // Whatever was cached before (or while the connection was down) was not kept honest.
      this.#emit({ version, scopes: ['*'], via: 'connect' });
      this.#poll = setInterval(() => void this.poll(), this.#pollMs);
      this.#poll.unref();
    } catch (err) {
      if (epoch !== this.#epoch) return;
      this.#report(err, 'access listener could not connect');
      await this.#channel.close().catch(() => {});
      this.#scheduleReconnect();
    }
  }

  #notified(payload: string): void {
    const parsed = parseAccessPayload(payload);
    if (!parsed) return;
    this.stats.notifications++;
    // Versions are bumped under one row lock at commit, so they arrive one by one, in order: a
    // gap means a notification went missing, and what it touched is unknown.
    const gap = this.#up && parsed.version > this.#heard + 1;
    if (parsed.version > this.#heard) this.#heard = parsed.version;
    if (gap) this.stats.missed++;
    this.#emit({ ...parsed, scopes: gap ? ['*'] : parsed.scopes, via: 'notify' });
  }

  #down(err: unknown): void {
    if (!this.#up) return;
    this.#up = false;
    this.stats.downs++;
    this.#epoch++;
    clearInterval(this.#poll);
    this.#report(err, 'access listener lost its connection; session cache bypassed until it is back');
    this.#emit({ version: this.#heard, scopes: ['*'], via: 'down' });
    void this.#channel.close().catch(() => {});
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    if (this.#users === 0 || this.#retry) return;
    const wait = this.#backoff;
    this.#backoff = Math.min(this.#backoff * 2, 5_000);
    this.#retry = setTimeout(() => {
      this.#retry = undefined;
      if (this.#users === 0) return;
      this.stats.reconnects++;
      this.#connecting = this.#connect();
    }, wait);
    this.#retry.unref();
  }

  async #shutDown(): Promise<void> {
    this.#epoch++;
    this.#up = false;
    clearInterval(this.#poll);
    clearTimeout(this.#retry);
    this.#retry = undefined;
    await this.#connecting?.catch(() => {});
    await this.#channel.close().catch(() => {});
  }

  #report(err: unknown, what: string): void {
    for (const r of this.#reporters) r(err, what);
  }

  #emit(change: AccessChange): void {
    for (const l of this.#listeners) l(change);
  }
}

/** A dedicated PostgreSQL connection that LISTENs (a pooled one would be handed to queries). */
export class PgAccessChannel implements AccessChannel {
  #client: pg.Client | undefined;

  constructor(private readonly url: string) {}

  get backendPid(): number | undefined {
    return (this.#client as unknown as { processID?: number } | undefined)?.processID;
  }

  async connect(onNotify: (payload: string) => void, onDown: (err: unknown) => void): Promise<void> {
    const client = new pg.Client({
      connectionString: this.url,
      keepAlive: true,
      application_name: 'cliniclick-access-listener',
    });
    this.#client = client;
    let down = false;
    const lost = (err: unknown) => {
      if (down) return;
      down = true;
      onDown(err);
    };
    client.on('error', lost);
    client.on('end', () => lost(new Error('access listener connection ended')));
    client.on('notification', (n) => {
      if (n.channel === ACCESS_CHANNEL && n.payload) onNotify(n.payload);
    });
    await client.connect();
    // The app's login holds nothing by itself (NOINHERIT); the version is readable by APP_ROLE.
    await client.query(`set role ${APP_ROLE}`);
    await client.query(`listen ${ACCESS_CHANNEL}`);
  }

  async readVersion(): Promise<number> {
    const client = this.#client;
    if (!client) throw new Error('access listener is not connected');
    const { rows } = await client.query<{ version: string }>('select version from access_version');
    return Number(rows[0]?.version ?? 0);
  }

  async close(): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    if (!client) return;
    client.removeAllListeners('end');
    client.removeAllListeners('notification');
    client.on('error', () => {});
    await client.end().catch(() => {});
  }
}

/**
 * PGlite's own listen. Its one connection is lent to one transaction at a time by our driver, so
 * LISTEN and the poll go through `exclusive` (which holds it): never inside someone's transaction.
 * Notifications arrive with the COMMIT that sent them, so the writer hears its own at once.
 */
export class PGliteAccessChannel implements AccessChannel {
  #unlisten: (() => Promise<void>) | undefined;

  constructor(
    private readonly pglite: PGlite,
    private readonly exclusive: <T>(fn: () => Promise<T>) => Promise<T>,
  ) {}

  async connect(onNotify: (payload: string) => void): Promise<void> {
    this.#unlisten = await this.exclusive(() => this.pglite.listen(ACCESS_CHANNEL, onNotify));
  }

  async readVersion(): Promise<number> {
    const { rows } = await this.exclusive(() =>
      this.pglite.query<{ version: number | string }>('select version from access_version'),
    );
    return Number(rows[0]?.version ?? 0);
  }

  async close(): Promise<void> {
    const unlisten = this.#unlisten;
    this.#unlisten = undefined;
    if (unlisten && !this.pglite.closed) await this.exclusive(() => unlisten());
  }
}
