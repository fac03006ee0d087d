import type { RouteOptions } from 'fastify';
import type { DestinationStream } from 'pino';
import type { Clock } from './clock.ts';
import type { Database } from './db/database.ts';
import type { EventBus } from './events/bus.ts';
import type { MetricsAccess } from './http/ops.ts';
import type { LiveLimits } from './live/gateway.ts';
import type { OutboxSignal } from './notify/message.ts';

export interface AppSettings {
  appSecret: string;
  publicUrl: string;
  bodyLimit: number;
  /** false, a hop count, or proxy addresses: never every hop (clients could spoof their IP). */
  trustProxy: false | number | string;
  secureCookies: boolean;
  logLevel: string;
  /** Process metrics (event loop, memory); off in tests that build many apps. */
  defaultMetrics?: boolean;
  /** How long a session lookup may be reused (ms; 0 turns the cache off). Changes drop it at once. */
  sessionCacheMs?: number;
  /** How long a slots answer may be reused (ms; 0 turns the cache off). Writes drop it at once. */
  slotsCacheMs?: number;
  /** Who may read /metrics (nobody by default). */
  metrics?: MetricsAccess;
  /** Platform admins may use the console without a second factor (default: no; the embedded demo: yes). */
  allowAdminWithoutMfa?: boolean;
  /**
   * The key SMS delivery reports are signed with (the SMS provider's shared secret, SMS_HTTP_SECRET);
   * absent, one derived from appSecret is used (docs/OPERATIONS.md, notices).
   */
  smsStatusSecret?: string | undefined;
  /** Limits of the real-time endpoint (platform/live); defaults suit production. */
  liveLimits?: Partial<LiveLimits>;
  /** The built web app to serve at /app (main.ts sets it; tests that need it point at a build). */
  webDistDir?: string;
}

/** What the app is built from. Tests build their own; nothing is global. */
export interface AppDeps {
  db: Database;
  clock: Clock;
  events: EventBus;
  outbox: OutboxSignal;
  settings: AppSettings;
  /** Where log lines go (stdout by default); every line is scrubbed of secrets first. */
  logStream?: DestinationStream;
  /** Sees every route as it is registered (the role-matrix test reads the route table this way). */
  onRoute?: (route: RouteOptions) => void;
}
