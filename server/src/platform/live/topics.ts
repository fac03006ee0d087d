import type { Database } from '../db/database.ts';
import type { ClinicRole } from '../db/schema.ts';

/** What a live topic's `allow` check is told about a subscription. */
export interface LiveAccessContext {
  db: Database;
  clinicId: string;
  /** The signed-in user, or null for a socket without a session (a waiting-room display). */
  userId: string | null;
  /** The user's roles in the clinic (none for a socket without a session or a non-member). */
  roles: readonly ClinicRole[];
  /** The pattern's `:name` segments, e.g. `{ doctorId }` for `queue/doctor/:doctorId`. */
  params: Readonly<Record<string, string>>;
  /** A secret sent with the subscription (a display's or a ticket's token), if any. */
  token: string | undefined;
}

/**
 * A topic clients may subscribe to over the WebSocket, declared by a module's manifest (`live`).
 * A subscription is allowed when the user's roles in the clinic grant `permission` (the REST API's
 * permission table) and `allow`, when given, agrees; a topic without `permission` is decided by
 * `allow` alone (token-bearing displays and tickets) and may be subscribed without a session.
 * Checked on every subscription, and again whenever access in the clinic changes.
 */
export interface LiveTopicDefinition {
  /** Slash-separated segments; `:name` matches one segment (`queue/doctor/:doctorId`). */
  pattern: string;
  permission?: string;
  allow?(ctx: LiveAccessContext): Promise<boolean>;
}

const SEGMENT = /^[A-Za-z0-9_.-]{1,80}$/;

/** The definition a topic name matches and its parameters, or null (unknown or malformed topic). */
export function matchTopic(
  defs: readonly LiveTopicDefinition[],
  topic: string,
): { def: LiveTopicDefinition; params: Record<string, string> } | null {
  if (topic.length > 200) return null;
  const parts = topic.split('/');
  if (!parts.every((p) => SEGMENT.test(p))) return null;
  for (const def of defs) {
    const pattern = def.pattern.split('/');
    if (pattern.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const ok = pattern.every((p, i) => {
      const part = parts[i] as string;
      if (p.startsWith(':')) {
        params[p.slice(1)] = part;
        return true;
      }
      return p === part;
    });
    if (ok) return { def, params };
  }
  return null;
}
