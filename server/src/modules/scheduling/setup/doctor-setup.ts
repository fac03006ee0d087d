import type { Actor } from '../../../platform/db/database.ts';
import { newId } from '../../../platform/db/ids.ts';
import type { ClinicTx } from '../../../platform/db/tenancy.ts';
import { badRequest } from '../../../platform/http/errors.ts';
import { replaceRules } from '../hours/repo.ts';
import { parseRules } from '../hours/service.ts';
import * as repo from './repo.ts';
import type { DoctorSetup } from './schema.ts';
import { profileColumns } from './service.ts';

/**
 * Checks an invited doctor's set-up against the clinic as it is now, in the transaction that
 * issues the invitation: hours well formed (as saving them would check), every service and room
 * one of this clinic's. Another clinic's ids are simply not found (row-level security).
 */
export async function checkDoctorSetup(tx: ClinicTx, plan: DoctorSetup): Promise<void> {
  const rules = parseRules({ rules: plan.rules });
  const ids = plan.services.map((s) => s.serviceId);
  const found = await repo.listServices(tx, '', ids);
  const missing = plan.services.findIndex((s) => !found.some((f) => f.id === s.serviceId));
  if (missing >= 0) {
    throw badRequest('invalid_value', 'No such service in this clinic', {
      errors: [
        {
          field: `doctorSetup.services.${missing}.serviceId`,
          code: 'invalid_value',
          message: 'no such service',
        },
      ],
    });
  }
  if (
    !(await repo.roomsExist(
      tx,
      rules.flatMap((r) => (r.roomId ? [r.roomId] : [])),
    ))
  ) {
    throw badRequest('invalid_value', 'No such room in this clinic', {
      errors: [{ field: 'doctorSetup.rules', code: 'invalid_value', message: 'no such room' }],
    });
  }
}

/**
 * Applies a checked set-up to the doctor who just accepted their invitation, in the accepting
 * transaction: profile, offered services (any retired since are offered too, as they would be by
 * hand: retiring a service does not take it from doctors) and weekly hours, replacing any the
 * person had from an earlier time at the clinic. Audited as done by `by`, the doctor.
 */
export async function applyDoctorSetup(
  tx: ClinicTx,
  doctorId: string,
  plan: DoctorSetup,
  meta: { invitationId: string; by: Actor },
): Promise<void> {
  await repo.updateProfile(tx, doctorId, profileColumns(plan.profile));
  // Services cannot be deleted, only retired, so every id checked at invitation time still exists.
  for (const s of plan.services) {
    await repo.offerService(tx, doctorId, s.serviceId, {
      duration_min: s.durationMin,
      price_minor: s.priceMinor,
    });
  }
  const rules = parseRules({ rules: plan.rules });
  await replaceRules(
    tx,
    doctorId,
    rules,
    rules.map(() => newId()),
  );
  await tx.audit(
    {
      action: 'doctor.setup_applied',
      entityType: 'doctor',
      entityId: doctorId,
      data: {
        invitationId: meta.invitationId,
        profile: Object.keys(plan.profile).sort(),
        services: plan.services.length,
        rules: plan.rules.length,
      },
    },
    meta.by,
  );
}
