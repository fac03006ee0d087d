import { hit, type Limit } from '../../../platform/auth/rate-limit.ts';
import type { Database } from '../../../platform/db/database.ts';
import { withGlobal } from '../../../platform/db/tenancy.ts';
import { AppError } from '../../../platform/http/errors.ts';

/**
 * Abuse limits of public booking. Counters live in PostgreSQL (`rate_limits`, one atomic upsert
 * per hit), so they hold across every instance of the app. Each is counted in a transaction of
 * its own that commits even when the request then fails (a refused or lost hold still counts).
 */
const HOUR = 60 * 60;
export const BOOKING_LIMITS = {
  /** New holds from one address per hour. */
  holdsPerIp: { max: 20, windowSeconds: HOUR },
  /** Holds from one address alive at once (per clinic). */
  openHoldsPerIp: 3,
  /** Holds for one phone alive at once (per clinic), beside the one being completed. */
  openHoldsPerPhone: 2,
  /** SMS codes to one phone per hour. */
  codesPerPhone: { max: 5, windowSeconds: HOUR },
  /** SMS codes requested from one address per hour. */
  codesPerIp: { max: 20, windowSeconds: HOUR },
  /** Wrong codes from one address per hour (on top of 5 tries per code). */
  failedCodesPerIp: { max: 30, windowSeconds: HOUR },
  /** Tries per code, then a new code is needed. */
  attemptsPerCode: 5,
  /** Seconds before another code may be sent for the same hold. */
  resendAfterSeconds: 60,
  /** How long a code is valid. */
  codeTtlSeconds: 10 * 60,
} as const;

export type LimitName = 'holds_ip' | 'codes_phone' | 'codes_ip' | 'failed_ip';

const messages: Record<LimitName, string> = {
  holds_ip: 'Too many bookings started from this connection; try again later',
  codes_phone: 'Too many codes sent to this number; try again later',
  codes_ip: 'Too many codes requested from this connection; try again later',
  failed_ip: 'Too many wrong codes; try again later',
};

/** Counts one hit on each limit (committed at once); 429 with Retry-After when one is spent. */
export async function spend(
  db: Database,
  ip: string,
  limits: { name: LimitName; key: string; limit: Omit<Limit, 'key'> }[],
): Promise<void> {
  const refused = await withGlobal(db, { kind: 'public', userId: null, ip }, async (tx) => {
    for (const l of limits) {
      const state = await hit(tx, { key: `booking:${l.name}:${l.key}`, ...l.limit });
      if (!state.allowed) return { name: l.name, retryAfter: state.retryAfter };
    }
    return null;
  });
  if (refused) throw limited(refused.name, refused.retryAfter);
}

export const limited = (name: LimitName, retryAfter: number) =>
  new AppError(429, 'rate_limited', messages[name], { retryAfter, limit: name });
