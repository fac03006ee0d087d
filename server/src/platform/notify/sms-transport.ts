import { createHmac, timingSafeEqual } from 'node:crypto';
import { type Clock, systemClock } from '../clock.ts';
import { newId } from '../db/ids.ts';
import type { Message, Transport } from './message.ts';

/**
 * Signed requests to an SMS provider (or a gateway in front of one).
 *
 * The request is `POST <url>` with a JSON body `{to, body, sender, id}` and two headers:
 *   X-Cliniclick-Timestamp: <unix seconds>
 *   X-Cliniclick-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + rawBody)>
 * The receiver recomputes the HMAC over the exact bytes it received, compares in constant time
 * and rejects timestamps outside a few minutes (replays). `id` is the same on every retry of one
 * message, so the receiver can drop duplicates.
 */
export const SMS_TIMESTAMP_HEADER = 'X-Cliniclick-Timestamp';
export const SMS_SIGNATURE_HEADER = 'X-Cliniclick-Signature';

/** The SMS request body, as sent. */
export interface SmsRequestBody {
  to: string;
  body: string;
  sender: string;
  id: string;
}

export function signSmsRequest(secret: string, timestamp: number | string, rawBody: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}

/**
 * True when `signature` (the header value) is a valid v1 signature of `rawBody` at `timestamp`
 * and the timestamp is within `toleranceSeconds` of `now`. Several comma-separated `v1=` values
 * are accepted, so a provider can verify during a secret rotation by trying both.
 */
export function verifySmsSignature(
  secret: string,
  timestamp: string | number | undefined,
  rawBody: string,
  signature: string | undefined,
  now: Date = new Date(),
  toleranceSeconds = 300,
): boolean {
  if (timestamp === undefined || signature === undefined) return false;
  const ts = String(timestamp);
  if (!/^\d{1,12}$/.test(ts)) return false;
  if (Math.abs(Math.floor(now.getTime() / 1000) - Number(ts)) > toleranceSeconds) return false;
  const expected = Buffer.from(signSmsRequest(secret, ts, rawBody));
  return signature
    .split(',')
    .map((s) => Buffer.from(s.trim()))
    .some((given) => given.length === expected.length && timingSafeEqual(given, expected));
}

export interface HttpSmsTransportOptions {
  url: string;
  /** HMAC key shared with the provider. */
  secret: string;
  /** Sender id or number shown to the patient. */
  sender: string;
  fetch?: typeof fetch;
  clock?: Clock;
  /** Abort the request after this long (default 10 s); the outbox then retries. */
  timeoutMs?: number;
}

/** SMS through an HTTP provider adapter. Any non-2xx answer, network error or timeout throws. */
export class HttpSmsTransport implements Transport {
  readonly #opts: Required<Omit<HttpSmsTransportOptions, 'fetch'>> & { fetch: typeof fetch };

  constructor(opts: HttpSmsTransportOptions) {
    this.#opts = {
      url: opts.url,
      secret: opts.secret,
      sender: opts.sender,
      fetch: opts.fetch ?? globalThis.fetch,
      clock: opts.clock ?? systemClock,
      timeoutMs: opts.timeoutMs ?? 10_000,
    };
  }

  async send(message: Message): Promise<void> {
    if (message.channel !== 'sms') throw new Error(`HttpSmsTransport cannot send ${message.channel}`);
    const { url, secret, sender, clock, timeoutMs } = this.#opts;
    const payload: SmsRequestBody = { to: message.to, body: message.body, sender, id: message.id ?? newId() };
    const rawBody = JSON.stringify(payload);
    const timestamp = Math.floor(clock.now().getTime() / 1000);
    let res: Response;
    try {
      res = await this.#opts.fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [SMS_TIMESTAMP_HEADER]: String(timestamp),
          [SMS_SIGNATURE_HEADER]: signSmsRequest(secret, timestamp, rawBody),
        },
        body: rawBody,
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'error',
      });
    } catch (err) {
      // Name the provider host only: the URL may carry a token in its path or query.
      throw new Error(`SMS provider ${new URL(url).host} unreachable: ${errorText(err)}`, { cause: err });
    }
    // Read the body either way so the connection can be reused.
    const text = await res.text().catch(() => '');
    if (!res.ok) {
      throw new Error(`SMS provider ${new URL(url).host} answered ${res.status}: ${text.slice(0, 200)}`);
    }
  }
}

function errorText(err: unknown): string {
  if (err instanceof Error) {
    const cause = err.cause instanceof Error ? ` (${err.cause.message})` : '';
    return `${err.name === 'TimeoutError' ? 'timed out' : err.message}${cause}`;
  }
  return String(err);
}
