import type { FastifyInstance } from 'fastify';
import type { Migration } from 'kysely';
import type { Database } from '../db/database.ts';
import type { AppDeps } from '../deps.ts';
import type { DomainEvent } from '../events/bus.ts';
import { platformJobs } from '../jobs/maintenance.ts';
import { JobRegistry } from '../jobs/registry.ts';
import type { JobDefinition, ScheduleDefinition } from '../jobs/types.ts';
import { LIVE_RECHECK_TOPIC } from '../live/gateway.ts';
import type { DemoClinic, ModuleContext, ModuleManifest } from './manifest.ts';

const MIGRATION_NAME = /^\d{4}_[a-z0-9_]+$/;

/**
 * The platform's migrations and every module's, as one list ordered by name. Names are global
 * (`NNNN_intent`): a clash or a malformed name stops the server before anything is applied.
 */
export function assembleMigrations(
  platform: Readonly<Record<string, Migration>>,
  modules: readonly ModuleManifest[],
): Record<string, Migration> {
  const all: Record<string, Migration> = {};
  const owner = new Map<string, string>();
  const add = (who: string, list: Readonly<Record<string, Migration>>) => {
    for (const [name, migration] of Object.entries(list)) {
      if (!MIGRATION_NAME.test(name))
        throw new Error(`migration "${name}" of ${who} is not named NNNN_intent`);
      const taken = owner.get(name);
      if (taken) throw new Error(`migration "${name}" is defined by both ${taken} and ${who}`);
      owner.set(name, who);
      all[name] = migration;
    }
  };
  add('the platform', platform);
  for (const m of modules) add(`module ${m.name}`, m.migrations ?? {});
  return Object.fromEntries(Object.entries(all).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * The named jobs and schedules of the platform (its own, with every module's reactions to events,
 * and `extra` ones) and of every module, in one registry for the job runner. A name defined twice
 * stops the server at boot.
 */
export function assembleJobs(
  extra: ReadonlyArray<{
    jobs?: readonly JobDefinition<AppDeps>[];
    schedules?: readonly ScheduleDefinition<AppDeps>[];
  }>,
  modules: readonly ModuleManifest[],
): JobRegistry<AppDeps> {
  const reactions = modules.flatMap((m) => m.reactions ?? []);
  return new JobRegistry<AppDeps>([platformJobs(reactions), ...extra, ...modules]);
}

/**
 * Registers every module's routes, each in a Fastify scope of its own (a module's hooks never
 * reach another's routes), and its event subscribers while the app is up. (Modules' jobs and
 * schedules run in the job runner: assembleJobs.)
 */
export async function registerModules(
  api: FastifyInstance,
  modules: readonly ModuleManifest[],
  base: Omit<ModuleContext, 'onClinicWrite' | 'subscribe' | 'recheckLive'>,
): Promise<void> {
  const writeListeners: Array<(clinicId: string) => void> = [];
  const subscriptions: Array<{ topic: string; handler: (event: DomainEvent) => void | Promise<void> }> = [];
  const ctx: ModuleContext = {
    ...base,
    onClinicWrite: (fn) => writeListeners.push(fn),
    subscribe: (topic, handler) => subscriptions.push({ topic, handler }),
    recheckLive: (clinicId) =>
      base.events.publish({
        topic: LIVE_RECHECK_TOPIC,
        clinicId,
        type: 'live.recheck',
        data: {},
        at: base.clock.now().toISOString(),
      }),
  };
  api.addHook('onSend', async (request, reply) => {
    if (writeListeners.length === 0 || request.method === 'GET' || request.method === 'HEAD') return;
    const clinicId = (request.params as { clinicId?: unknown } | undefined)?.clinicId;
    if (reply.statusCode < 400 && typeof clinicId === 'string') {
      for (const fn of writeListeners) fn(clinicId.toLowerCase());
    }
  });

  for (const m of modules) {
    const routes = m.routes;
    if (routes) await api.register(async (scope) => routes(scope, ctx));
  }

  const unsubscribers: Array<() => Promise<void>> = [];
  api.addHook('onReady', async () => {
    for (const s of subscriptions) unsubscribers.push(await ctx.events.subscribe(s.topic, s.handler));
  });
  api.addHook('onClose', async () => {
    await Promise.all(unsubscribers.map((u) => u()));
  });
}

/** Registers every module's pages (outside /api/v1), each in a Fastify scope of its own. */
export async function registerModulePages(
  app: FastifyInstance,
  modules: readonly ModuleManifest[],
  deps: AppDeps,
): Promise<void> {
  for (const m of modules) {
    const pages = m.pages;
    if (pages) await app.register(async (scope) => pages(scope, deps));
  }
}

/** Runs every module's demo seed for one clinic, in the modules' order. */
export async function seedModuleDemos(
  db: Database,
  modules: readonly ModuleManifest[],
  clinic: DemoClinic,
): Promise<void> {
  for (const m of modules) await m.demo?.(db, clinic);
}
