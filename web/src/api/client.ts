import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

/** A problem+json answer from the API, or a network failure (`status` 0, code `network`). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const CSRF_COOKIE = 'cliniclick_csrf';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

function readCookie(name: string): string | undefined {
  for (const part of document.cookie.split('; ')) {
    const eq = part.indexOf('=');
    if (part.slice(0, eq) === name) return decodeURIComponent(part.slice(eq + 1));
  }
  return undefined;
}

/** Listeners told when the server says the session is gone (expired, revoked, signed out elsewhere). */
const sessionLost = new Set<() => void>();
export function onSessionLost(listener: () => void): () => void {
  sessionLost.add(listener);
  return () => sessionLost.delete(listener);
}

/** Listeners told when the server refuses a call until the user sets up two-step sign-in. */
const mfaRequired = new Set<() => void>();
export function onMfaRequired(listener: () => void): () => void {
  mfaRequired.add(listener);
  return () => mfaRequired.delete(listener);
}

// The session travels in the HttpOnly cookie; unsafe requests add the CSRF token the server set
// in a readable cookie next to it.
const csrf: Middleware = {
  onRequest({ request }) {
    if (!SAFE.has(request.method)) {
      const token = readCookie(CSRF_COOKIE);
      if (token) request.headers.set('x-csrf-token', token);
    }
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(csrf);

interface Problem {
  code?: string;
  detail?: string;
  title?: string;
  [k: string]: unknown;
}

/**
 * Unwraps an openapi-fetch result: the data, or an ApiError with the problem's stable code.
 * A 401 on anything but sign-in itself tells the app the session is gone; a 403 `mfa_required`
 * tells it to send the user to set up two-step sign-in.
 */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
  opts: { signIn?: boolean } = {},
): Promise<T> {
  let result: Awaited<typeof call>;
  try {
    result = await call;
  } catch {
    throw new ApiError(0, 'network', 'The server could not be reached');
  }
  const { data, error, response } = result;
  if (response.ok) return data as T;
  const p = (error ?? {}) as Problem;
  const { code, detail, title, ...extra } = p;
  if (response.status === 401 && !opts.signIn) for (const l of sessionLost) l();
  if (response.status === 403 && code === 'mfa_required') for (const l of mfaRequired) l();
  throw new ApiError(
    response.status,
    code ?? `http_${response.status}`,
    detail ?? title ?? response.statusText,
    extra,
  );
}
