import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.ts';
import { SessionCache } from './session-cache.ts';

/**
 * Builds the session cache of one app instance and keeps it honest: the database tells every
 * instance of every committed access change, whoever made it (migration 0004's triggers, heard by
 * `db.accessListener`), and the cache answers only while that listener is connected and caught up.
 * With SESSION_CACHE_MS=0 there is nothing to keep honest, so nothing listens.
 */
export async function createSessionCache(app: FastifyInstance, deps: AppDeps): Promise<SessionCache> {
  const ttlMs = deps.settings.sessionCacheMs ?? 5_000;
  const listener = deps.db.accessListener;
  const cache = new SessionCache(deps.clock, ttlMs, 50_000, () => listener.trusted);
  if (ttlMs <= 0) return cache;
  const stopHearing = listener.onChange((change) => cache.invalidate(change.scopes));
  const stopReporting = listener.onTrouble((err, what) => app.log.warn({ err }, what));
  await listener.start();
  app.addHook('onClose', async () => {
    stopHearing();
    stopReporting();
    await listener.stop();
  });
  return cache;
}
