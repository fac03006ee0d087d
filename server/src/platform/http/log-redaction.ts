import type { FastifyRequest } from 'fastify';
import pino, { type DestinationStream, type LoggerOptions } from 'pino';

/**
 * Secrets that travel in URLs (calendar feeds, invitation and other links) never reach a log line.
 * Two layers, both applied to every line:
 *  1. The request's URL is logged with its secret path parameters and query parameters replaced
 *     by `[redacted]`: those a route declares (`config.secrets`) and, by default, any parameter
 *     whose name says it is one (token, secret, key, code, password, signature, otp).
 *  2. Every finished log line, whatever field or message carries it (an error naming a URL, a
 *     404's path, a job's error), has token-shaped strings replaced: a run of 32 or more
 *     base64url characters with a digit or a capital, unless it is a UUID (ids stay readable).
 */
export interface SecretsConfig {
  /** Path parameters whose values are secret (`:token` etc. are anyway). */
  params?: readonly string[];
  /** Query parameters whose values are secret (`?token=` etc. are anyway). */
  query?: readonly string[];
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What of this route's URL is secret; see log-redaction.ts. */
    secrets?: SecretsConfig;
  }
}

export const REDACTED = '[redacted]';

const SECRET_NAME = /token|secret|password|passwd|signature|otp|key$|^(code|sig|auth)$/i;
const TOKEN_RUN = /[A-Za-z0-9_-]{32,}/g;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HAS_DIGIT_OR_CAPITAL = /[0-9A-Z]/;

/** `text` with every token-shaped run replaced (UUIDs and plain words kept). */
export function redactTokens(text: string): string {
  return text.replace(TOKEN_RUN, (run) =>
    UUID.test(run) || !HAS_DIGIT_OR_CAPITAL.test(run) ? run : REDACTED,
  );
}

const isSecret = (name: string, declared: readonly string[] | undefined): boolean =>
  SECRET_NAME.test(name) || (declared?.includes(name) ?? false);

/** The path of `url` with the segments of secret parameters of `pattern` (a route's URL) replaced. */
function redactPath(
  path: string,
  pattern: string | undefined,
  declared: readonly string[] | undefined,
): string {
  if (!pattern) return path;
  const want = pattern.split('/');
  const got = path.split('/');
  // Only a plain pattern (a parameter per segment) maps segment to segment; a wildcard's tail
  // is left to the token-shape rule.
  if (want.length !== got.length) return path;
  return got
    .map((segment, i) => {
      const names = [...(want[i] ?? '').matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);
      return names.some((n) => isSecret(n, declared)) ? REDACTED : segment;
    })
    .join('/');
}

function redactQuery(query: string, declared: readonly string[] | undefined): string {
  return query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      let name = pair.slice(0, eq);
      try {
        name = decodeURIComponent(name.replace(/\+/g, ' '));
      } catch {
        // a malformed name is judged as sent
      }
      return isSecret(name, declared) ? `${pair.slice(0, eq)}=${REDACTED}` : pair;
    })
    .join('&');
}

/** The request's URL as it may be logged. */
export function loggableUrl(request: Pick<FastifyRequest, 'url' | 'routeOptions'>): string {
  const url = request.url;
  const secrets = request.routeOptions?.config?.secrets;
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const query = q < 0 ? undefined : url.slice(q + 1);
  const safePath = redactPath(path, request.routeOptions?.url, secrets?.params);
  return redactTokens(query === undefined ? safePath : `${safePath}?${redactQuery(query, secrets?.query)}`);
}

/** A destination whose every line has its token-shaped strings replaced before it is written. */
export function redactingStream(
  out: DestinationStream = pino.destination({ dest: 1, sync: true }),
): DestinationStream {
  return { write: (line: string) => out.write(redactTokens(line)) };
}

/**
 * Options for every logger of the server (Fastify's and the boot's jobs/outbox logger): headers
 * that carry credentials removed, URLs logged without their secrets, and every line scrubbed.
 */
export function loggerOptions(
  level: string,
  stream?: DestinationStream,
): LoggerOptions & { stream: DestinationStream } {
  return {
    level,
    redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]'],
    serializers: {
      req: (request: FastifyRequest) => ({
        method: request.method,
        url: loggableUrl(request),
        host: request.host,
        remoteAddress: request.ip,
        remotePort: request.socket?.remotePort,
      }),
    },
    stream: redactingStream(stream),
  };
}
