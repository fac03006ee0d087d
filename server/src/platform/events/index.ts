import type { EventBus, EventLogger } from './bus.ts';
import { InProcessEventBus } from './in-process.ts';
import { RedisEventBus } from './redis.ts';

export type { DomainEvent, EventBus, EventHandler, EventLogger } from './bus.ts';
export { InProcessEventBus } from './in-process.ts';
export { REDIS_CHANNEL_PREFIX, RedisEventBus } from './redis.ts';

/**
 * Redis pub/sub when `redisUrl` is given (connected before this resolves, so a wrong REDIS_URL
 * fails at boot with one line), otherwise the in-process bus.
 */
export async function createEventBus(opts: {
  redisUrl?: string | undefined;
  logger?: EventLogger;
}): Promise<EventBus> {
  const logger = opts.logger ? { logger: opts.logger } : {};
  if (!opts.redisUrl) return new InProcessEventBus(logger);
  const bus = new RedisEventBus(opts.redisUrl, logger);
  await bus.connect();
  return bus;
}
