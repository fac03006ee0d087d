import type { Actor, Database } from '../../../platform/db/database.ts';
import { withClinic } from '../../../platform/db/tenancy.ts';
import {
  type Appointment,
  answerRequest,
  requestedAppointments,
  toAppointment,
} from '../../scheduling/index.ts';

/** The approvals inbox: requests awaiting the clinic, and its one-tap answers (audited, with events). */

export function listApprovals(
  db: Database,
  clinicId: string,
  actor: Actor,
): Promise<{ items: Appointment[]; count: number }> {
  return withClinic(db, clinicId, actor, async (tx) => {
    const items = (await requestedAppointments(tx)).map((r) => toAppointment(r, tx.now));
    return { items, count: items.length };
  });
}

export function answer(
  db: Database,
  clinicId: string,
  actor: Actor,
  appointmentId: string,
  a: { approve: true } | { approve: false; reason: string },
): Promise<{ id: string; status: string }> {
  return withClinic(db, clinicId, actor, async (tx) => {
    const r = await answerRequest(tx, appointmentId, a);
    return { id: appointmentId, status: r.status };
  });
}
