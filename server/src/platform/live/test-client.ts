import { WebSocket } from 'ws';

/** A message the live endpoint sends. */
export interface LiveServerMessage {
  op: 'subscribed' | 'event' | 'refetch' | 'denied' | 'revoked' | 'error' | 'pong';
  clinicId?: string;
  topic?: string;
  seq?: number;
  last?: number;
  type?: string;
  data?: unknown;
  code?: string;
}

/** A WebSocket client of /api/v1/live for tests and benchmarks: records what it receives. */
export class LiveTestClient {
  readonly messages: LiveServerMessage[] = [];
  readonly #waiters = new Set<() => void>();
  closed: { code: number } | undefined;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.messages.push(JSON.parse(String(data)) as LiveServerMessage);
      for (const w of [...this.#waiters]) w();
    });
    socket.on('close', (code) => {
      this.closed = { code };
      for (const w of [...this.#waiters]) w();
    });
  }

  /** Opens a socket to `baseUrl` (http://host:port); rejects with the HTTP status when refused. */
  static connect(baseUrl: string, opts: { token?: string; origin?: string } = {}): Promise<LiveTestClient> {
    const url = `${baseUrl.replace(/^http/, 'ws')}/api/v1/live`;
    const headers: Record<string, string> = {};
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    const socket = new WebSocket(url, { headers, ...(opts.origin ? { origin: opts.origin } : {}) });
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new LiveTestClient(socket)));
      socket.once('unexpected-response', (_req, res) => reject(new Error(`refused ${res.statusCode}`)));
      socket.once('error', reject);
    });
  }

  send(message: object): void {
    this.socket.send(JSON.stringify(message));
  }

  subscribe(clinicId: string, topic: string, extra: { after?: number; token?: string } = {}): void {
    this.send({ op: 'sub', clinicId, topic, ...extra });
  }

  /** Resolves with the first message (from `from` on) that `match` accepts; rejects after `ms`. */
  waitFor(
    match: (m: LiveServerMessage) => boolean,
    opts: { from?: number; ms?: number } = {},
  ): Promise<LiveServerMessage> {
    const { from = 0, ms = 5000 } = opts;
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.messages.slice(from).find(match);
        if (found) {
          done();
          resolve(found);
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no matching live message in ${ms} ms; got ${JSON.stringify(this.messages)}`));
      }, ms);
      const done = () => {
        clearTimeout(timer);
        this.#waiters.delete(check);
      };
      this.#waiters.add(check);
      check();
    });
  }

  /** Resolves when the socket is closed (by either side). */
  waitClosed(ms = 5000): Promise<{ code: number }> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!this.closed) return;
        clearTimeout(timer);
        this.#waiters.delete(check);
        resolve(this.closed);
      };
      const timer = setTimeout(() => reject(new Error('socket still open')), ms);
      this.#waiters.add(check);
      check();
    });
  }

  events(topic: string): LiveServerMessage[] {
    return this.messages.filter((m) => m.op === 'event' && m.topic === topic);
  }

  close(): void {
    this.socket.terminate();
  }
}
