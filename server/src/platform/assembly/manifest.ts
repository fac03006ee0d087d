import type { FastifyInstance } from 'fastify';
import type { Migration } from 'kysely';
import type { ClinicPermissionTable, PlatformPermissionTable } from '../access/permissions.ts';
import type { Database } from '../db/database.ts';
import type { AppDeps } from '../deps.ts';
import type { DomainEvent } from '../events/bus.ts';
import type { HostRoot } from '../http/web.ts';
import type { JobDefinition, ReactionDefinition, ScheduleDefinition } from '../jobs/types.ts';
import type { LiveTopicDefinition } from '../live/topics.ts';

/** What a module's routes and jobs are built from: the app's dependencies plus the platform's hooks. */
export interface ModuleContext extends AppDeps {
  /**
   * Calls `fn` with the clinic's id after any successful write request to a clinic route has been
   * handled, before its response leaves (caches of derived answers drop the clinic's entries here).
   */
  onClinicWrite(fn: (clinicId: string) => void): void;
  /** Subscribes to an event topic while the app runs (from start until close). */
  subscribe(topic: string, handler: (event: DomainEvent) => void | Promise<void>): void;
  /**
   * Asks every instance to check the clinic's live subscriptions again now (after revoking a
   * token a topic's `allow` accepted, e.g. a waiting-room display's). Call it after the commit.
   */
  recheckLive(clinicId: string): Promise<void>;
}

/** What a module's demo seed gets for each demo clinic. */
export interface DemoClinic {
  clinicId: string;
  /** The demo patient, registered in the clinic before the modules' seeds run. */
  patientId: string;
}

/**
 * Everything a feature module brings, in one value exported by its `index.ts`. The app assembles
 * the manifests (app.ts, main.ts); the platform holds the registries and never names a module.
 *
 * `Tables` is the module's Kysely view of its own tables. It exists at the type level only
 * (`tables` is never set at runtime); `DatabaseOf<typeof manifests>` assembles the whole schema.
 */
export interface ModuleManifest<Tables extends object = object> {
  name: string;
  readonly tables?: Tables;
  /** Named `NNNN_intent`: one global order across modules, applied by name. Never edit a landed one. */
  migrations?: Readonly<Record<string, Migration>>;
  permissions?: ClinicPermissionTable;
  platformPermissions?: PlatformPermissionTable;
  /**
   * Registers the module's routes under /api/v1, in a Fastify scope of its own (its hooks stay
   * there), and its event subscribers through `ctx.subscribe`.
   */
  routes?(api: FastifyInstance, ctx: ModuleContext): void | Promise<void>;
  /**
   * Registers the module's pages outside /api/v1 (server-rendered HTML such as a clinic's public
   * site), in a Fastify scope of its own at the root. Each route declares its access like an API
   * route (`config.access`, usually `{ kind: 'public' }`).
   */
  pages?(app: FastifyInstance, deps: AppDeps): void | Promise<void>;
  /**
   * Answers `/` on a host that is not the app's own (a tenant's own domain name): the reply, or
   * undefined when the host is not the module's (the next module is asked; none: a plain 404).
   */
  hostRoot?(deps: AppDeps): HostRoot;
  /**
   * Named jobs the module queues with `tx.enqueue({ name, payload, runAt?, idempotencyKey? })`,
   * run by the job runner with the app's dependencies (platform/jobs). Names start with the module's.
   */
  jobs?: readonly JobDefinition<AppDeps>[];
  /**
   * Work done once per event of a topic across all instances, as a job queued when the event is
   * published (reminders to move, messages to send): durable, unlike `ctx.subscribe`, which runs on
   * every instance and only while it is up. Names start with the module's.
   */
  reactions?: readonly ReactionDefinition<AppDeps>[];
  /**
   * Topics WebSocket clients may subscribe to (platform/live), each authorised like a route; the
   * module writes their events with `tx.emitLive(topic, type, data)`. Patterns start with the
   * module's name.
   */
  live?: readonly LiveTopicDefinition[];
  /** Work run once per period across all instances (`every: ms` or `cron` with a time zone). */
  schedules?: readonly ScheduleDefinition<AppDeps>[];
  /** Seeds a demo clinic; must do nothing when the clinic already has the module's data. */
  demo?(db: Database, clinic: DemoClinic): Promise<void>;
}

/** Declares a manifest, keeping its table type for `DatabaseOf`. */
export function defineModule<Tables extends object>(m: ModuleManifest<Tables>): ModuleManifest<Tables> {
  return m;
}

type TablesOf<M> = M extends ModuleManifest<infer T> ? T : never;
type Intersect<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** The tables of every manifest in `Ms`, as one Kysely database type. */
export type DatabaseOf<Ms extends readonly ModuleManifest<object>[]> = Intersect<TablesOf<Ms[number]>>;
