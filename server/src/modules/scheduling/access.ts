import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../platform/db/database.ts';
import type { ClinicRole } from '../../platform/db/schema.ts';
import { forbidden } from '../../platform/http/errors.ts';

/**
 * The access hook decides the permission; a doctor holding one is narrowed here to their own
 * profile, hours, agenda and feed. Owners and secretaries act for every doctor.
 */
export interface Caller {
  actor: Actor;
  userId: string;
  roles: readonly ClinicRole[];
  /** The clinic's facts as the access hook read them (saves a query on hot paths). */
  clinic?: { timeZone: string; currency: string } | undefined;
}

const actsForEveryone = (c: Caller) => c.roles.includes('owner') || c.roles.includes('secretary');

export function requireSelfOrStaff(c: Caller, doctorId: string, what = 'this'): void {
  if (actsForEveryone(c) || c.userId === doctorId) return;
  throw forbidden(`Doctors can change only their own ${what}`);
}

/** The doctor whose agenda a caller may see: a doctor sees only their own. */
export function agendaDoctor(c: Caller, asked: string | undefined): string | undefined {
  if (actsForEveryone(c)) return asked;
  if (asked && asked !== c.userId) throw forbidden('Doctors see only their own agenda');
  return c.userId;
}

/** The caller of a clinic route, as the access hook found them. */
export function callerOf(request: FastifyRequest): Caller {
  const c = request.clinic;
  return {
    actor: request.actor,
    userId: request.actor.userId ?? '',
    roles: c?.roles ?? [],
    ...(c ? { clinic: { timeZone: c.timeZone, currency: c.currency } } : {}),
  };
}
