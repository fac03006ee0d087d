import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.ts';
import { SessionCache } from './session-cache.ts';

/** Every instance listens here; any instance that commits an access change publishes. */
export const ACCESS_CHANGED_TOPIC = 'platform.access-changed';

/**
 * Builds the session cache of one app instance and keeps it honest: a committed write to an
 * access table (seen by the database's AccessWatch) clears it here and, through the event bus,
 * on every other instance.
 */
export async function createSessionCache(app: FastifyInstance, deps: AppDeps): Promise<SessionCache> {
  const cache = new SessionCache(deps.clock, deps.settings.sessionCacheMs ?? 5_000);
  const stopWatching = deps.db.accessWatch.onChange(() => {
    cache.clear();
    deps.events
      .publish({
        topic: ACCESS_CHANGED_TOPIC,
        clinicId: null,
        type: 'access.changed',
        data: {},
        at: deps.clock.now().toISOString(),
      })
      .catch((err: unknown) =>
        app.log.warn({ err }, 'could not tell other instances about an access change'),
      );
  });
  const unsubscribe = await deps.events.subscribe(ACCESS_CHANGED_TOPIC, () => cache.clear());
  app.addHook('onClose', async () => {
    stopWatching();
    await unsubscribe();
  });
  return cache;
}
