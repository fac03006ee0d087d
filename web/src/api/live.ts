import { useEffect, useRef, useSyncExternalStore } from 'react';

/**
 * The web app's one WebSocket to the server's real-time layer (`/api/v1/live`, server
 * platform/live): topics are subscribed while a screen shows them, resubscribed after a reconnect
 * with the last number seen, so the server replays what was missed (or says "refetch" when it
 * cannot). The session cookie authenticates it; displays and tickets send their token per topic.
 */

/** One event of a topic, or `refetch`: some were missed, reload what the screen shows. */
export type LiveMessage =
  | { kind: 'event'; topic: string; seq: number; type: string; data: unknown; at: string }
  | { kind: 'refetch'; topic: string };

export type LiveStatus = 'connecting' | 'online' | 'offline';

type Listener = (m: LiveMessage) => void;

interface Subscription {
  clinicId: string;
  topic: string;
  token: string | undefined;
  /** The last number delivered; undefined until the server said where the topic stands. */
  last: number | undefined;
  listeners: Set<Listener>;
  /** Whether the server refused it (no access): not asked again until a listener comes back. */
  denied: boolean;
}

const key = (clinicId: string, topic: string) => `${clinicId} ${topic}`;

type ServerMessage =
  | { op: 'subscribed'; clinicId: string; topic: string; last: number }
  | { op: 'event'; clinicId: string; topic: string; seq: number; type: string; data: unknown; at: string }
  | { op: 'refetch'; clinicId: string; topic: string; last: number }
  | { op: 'denied' | 'revoked'; clinicId: string; topic: string; code?: string }
  | { op: 'error'; code: string };

export class LiveConnection {
  readonly #url: string;
  readonly #subs = new Map<string, Subscription>();
  readonly #statusListeners = new Set<() => void>();
  #socket: WebSocket | undefined;
  #status: LiveStatus = 'offline';
  #retryMs = 500;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #idle: ReturnType<typeof setTimeout> | undefined;

  constructor(url: string) {
    this.#url = url;
  }

  get status(): LiveStatus {
    return this.#status;
  }

  onStatus(fn: () => void): () => void {
    this.#statusListeners.add(fn);
    return () => this.#statusListeners.delete(fn);
  }

  /** Listens to a topic of a clinic; the returned function stops listening. */
  listen(clinicId: string, topic: string, listener: Listener, token?: string): () => void {
    const k = key(clinicId, topic);
    let sub = this.#subs.get(k);
    if (!sub) {
      sub = { clinicId, topic, token, last: undefined, listeners: new Set(), denied: false };
      this.#subs.set(k, sub);
    }
    sub.listeners.add(listener);
    if (sub.denied) sub.denied = false;
    clearTimeout(this.#idle);
    if (this.#socket?.readyState === WebSocket.OPEN) this.#subscribe(sub);
    else this.#connect();
    return () => {
      const s = this.#subs.get(k);
      if (!s) return;
      s.listeners.delete(listener);
      if (s.listeners.size > 0) return;
      this.#subs.delete(k);
      this.#send({ op: 'unsub', clinicId, topic });
      // The last screen that listened is gone: close a while later (a page change resubscribes).
      if (this.#subs.size === 0) this.#idle = setTimeout(() => this.close(), 10_000);
    };
  }

  close(): void {
    clearTimeout(this.#retry);
    const socket = this.#socket;
    this.#socket = undefined;
    socket?.close();
    this.#setStatus('offline');
  }

  #setStatus(status: LiveStatus): void {
    if (this.#status === status) return;
    this.#status = status;
    for (const fn of this.#statusListeners) fn();
  }

  #connect(): void {
    if (this.#socket || this.#subs.size === 0) return;
    clearTimeout(this.#retry);
    this.#setStatus('connecting');
    const socket = new WebSocket(this.#url);
    this.#socket = socket;
    socket.onopen = () => {
      this.#retryMs = 500;
      this.#setStatus('online');
      for (const sub of this.#subs.values()) this.#subscribe(sub);
    };
    socket.onmessage = (e) => this.#receive(JSON.parse(String(e.data)) as ServerMessage);
    socket.onclose = () => {
      if (this.#socket !== socket) return;
      this.#socket = undefined;
      this.#setStatus('offline');
      if (this.#subs.size === 0) return;
      // Back off up to 15 s, with jitter so a restarted server is not hit by every tab at once.
      const wait = this.#retryMs * (0.75 + Math.random() / 2);
      this.#retryMs = Math.min(this.#retryMs * 2, 15_000);
      this.#retry = setTimeout(() => this.#connect(), wait);
    };
  }

  #subscribe(sub: Subscription): void {
    if (sub.denied) return;
    this.#send({
      op: 'sub',
      clinicId: sub.clinicId,
      topic: sub.topic,
      ...(sub.last !== undefined ? { after: sub.last } : {}),
      ...(sub.token ? { token: sub.token } : {}),
    });
  }

  #send(message: object): void {
    if (this.#socket?.readyState === WebSocket.OPEN) this.#socket.send(JSON.stringify(message));
  }

  #receive(m: ServerMessage): void {
    if (m.op === 'error') return;
    const sub = this.#subs.get(key(m.clinicId, m.topic));
    if (!sub) return;
    const tell = (msg: LiveMessage) => {
      for (const fn of [...sub.listeners]) fn(msg);
    };
    switch (m.op) {
      case 'subscribed':
        // A first subscription starts here; a resumed one was sent what it missed before this.
        sub.last = m.last;
        break;
      case 'event':
        if (sub.last !== undefined && m.seq <= sub.last) return; // a repeat (at least once)
        if (sub.last !== undefined && m.seq > sub.last + 1) {
          // A gap: ask for what lies between (the server replays it, then this one again).
          this.#send({
            op: 'sub',
            clinicId: sub.clinicId,
            topic: sub.topic,
            after: sub.last,
            token: sub.token,
          });
          return;
        }
        sub.last = m.seq;
        tell({ kind: 'event', topic: m.topic, seq: m.seq, type: m.type, data: m.data, at: m.at });
        break;
      case 'refetch':
        sub.last = m.last;
        tell({ kind: 'refetch', topic: m.topic });
        break;
      case 'denied':
      case 'revoked':
        sub.denied = true;
        break;
    }
  }
}

let shared: LiveConnection | undefined;

/** The app's one connection, made on first use. */
export function liveConnection(): LiveConnection {
  if (!shared) {
    const url = new URL('/api/v1/live', window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    shared = new LiveConnection(url.toString());
  }
  return shared;
}

/**
 * Calls `onMessage` for each event of a clinic's topic while the component is shown (and with
 * `refetch` when some were missed). `clinicId` or `topic` undefined: listens to nothing.
 */
export function useLiveTopic(
  clinicId: string | undefined,
  topic: string | undefined,
  onMessage: (m: LiveMessage) => void,
  opts: { token?: string | undefined } = {},
): void {
  const handler = useRef(onMessage);
  handler.current = onMessage;
  const { token } = opts;
  useEffect(() => {
    if (!clinicId || !topic) return;
    return liveConnection().listen(clinicId, topic, (m) => handler.current(m), token);
  }, [clinicId, topic, token]);
}

/** Whether the app's live connection is up (for an "offline" sign in the shell). */
export function useLiveStatus(): LiveStatus {
  return useSyncExternalStore(
    (fn) => liveConnection().onStatus(fn),
    () => liveConnection().status,
    () => 'offline' as const,
  );
}
