import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../platform/db/database.ts';
import type { ClinicRole } from '../../platform/db/schema.ts';

/** Who calls a clinic route, as the access hook found them. */
export interface Caller {
  actor: Actor;
  userId: string;
  roles: readonly ClinicRole[];
}

export function callerOf(request: FastifyRequest): Caller {
  return {
    actor: request.actor,
    userId: request.actor.userId ?? '',
    roles: request.clinic?.roles ?? [],
  };
}

/** Owners and secretaries see and act for every doctor; a doctor without them, only for themselves. */
export const actsForAll = (c: Pick<Caller, 'roles'>) =>
  c.roles.includes('owner') || c.roles.includes('secretary');
