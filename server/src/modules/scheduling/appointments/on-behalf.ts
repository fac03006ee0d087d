import type { Actor } from '../../../platform/db/database.ts';
import type { Caller } from '../access.ts';
import type { Appointment } from './schema.ts';
import { type Ctx, change, reschedule } from './service.ts';

/**
 * Changes a patient makes to their own appointment (a self-service link, the patient panel),
 * through the same machine, audit and events as staff changes, audited as `actor` (the patient).
 * The caller has already checked that the appointment is the patient's and that the clinic's
 * window allows the change; the clinic role below only lets the change past the staff-agenda
 * check (a patient is nobody's doctor) and grants nothing else.
 */
function onBehalf(actor: Actor): Caller {
  return { actor, userId: actor.userId ?? '', roles: ['secretary'] };
}

export function cancelForPatient(
  ctx: Ctx,
  clinicId: string,
  actor: Actor,
  id: string,
  reason: string,
): Promise<Appointment> {
  return change(ctx, clinicId, onBehalf(actor), id, { name: 'cancel', reason });
}

export function rescheduleForPatient(
  ctx: Ctx,
  clinicId: string,
  actor: Actor,
  id: string,
  startsAt: string,
): Promise<Appointment> {
  return reschedule(ctx, clinicId, onBehalf(actor), id, { startsAt });
}
