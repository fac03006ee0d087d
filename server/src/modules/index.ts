import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app.ts';

/** Every feature module registers its routes here, under /api/v1. */
export async function registerModules(_api: FastifyInstance, _deps: AppDeps): Promise<void> {}
