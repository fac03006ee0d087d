import { MINUTE_MS } from '@cliniclick/time';
import type { ClinicTx } from '../../../platform/db/tenancy.ts';
import { badRequest, notFound } from '../../../platform/http/errors.ts';
import { appointmentMachine, type TransitionResult } from '../core/state.ts';
import {
  announce,
  applyTransition,
  offerFor,
  roomFor,
  stateOf,
  takeTime,
  transitionFailed,
} from './booking.ts';
import * as repo from './repo.ts';

/**
 * The scheduling half of online booking (the booking module runs these in its own
 * transactions): a hold without a patient yet, the patient attached, the verification, and the
 * clinic's answer to a request. Every change goes through the state machine, audited, with its
 * event carrying `serviceId`, `endsAt` and `source` for the slices that react to it.
 */

export type Source = 'staff' | 'site' | 'patient';

export interface PlacedHold {
  id: string;
  doctorId: string;
  serviceId: string;
  startsAt: Date;
  endsAt: Date;
  holdExpiresAt: Date;
}

/** Takes the time as a pending hold (slot_taken 409 when it is gone). */
export async function placeHold(
  tx: ClinicTx,
  input: {
    doctorId: string;
    serviceId: string;
    startsAt: Date;
    holdMinutes: number;
    source: Source;
    patientId: string | null;
  },
): Promise<PlacedHold> {
  const offer = await offerFor(tx, input.doctorId, input.serviceId);
  const endsAt = new Date(input.startsAt.getTime() + offer.durationMin * MINUTE_MS);
  if (input.startsAt <= tx.now) throw badRequest('in_the_past', 'This time has already passed');
  const roomId = await roomFor(tx, offer, input.doctorId, input.startsAt, endsAt, undefined);
  await repo.lockCalendars(tx, [input.doctorId, roomId]);
  const result = appointmentMachine.book(tx.now, { minutes: input.holdMinutes });
  const id = await takeTime(
    tx,
    offer,
    {
      doctorId: input.doctorId,
      serviceId: input.serviceId,
      patientId: input.patientId,
      roomId,
      startsAt: input.startsAt,
      endsAt,
      seriesId: null,
      notes: null,
      source: input.source,
    },
    result,
  );
  const extra = { serviceId: input.serviceId, endsAt: endsAt.toISOString(), source: input.source };
  await tx.audit({
    action: result.action,
    entityType: 'appointment',
    entityId: id,
    data: {
      doctorId: input.doctorId,
      startsAt: input.startsAt.toISOString(),
      status: result.status,
      ...extra,
    },
  });
  await announce(
    tx,
    result.action,
    { id, doctor_id: input.doctorId, status: result.status, starts_at: input.startsAt },
    extra,
  );
  return {
    id,
    doctorId: input.doctorId,
    serviceId: input.serviceId,
    startsAt: input.startsAt,
    endsAt,
    holdExpiresAt: result.holdExpiresAt ?? tx.now,
  };
}

/** An appointment as online booking needs it (site holds without a patient included). */
export async function findOnline(tx: ClinicTx, id: string, lock = false) {
  return repo.findOnlineRow(tx, id, lock);
}

export type OnlineRow = NonNullable<Awaited<ReturnType<typeof repo.findOnlineRow>>>;

async function transition(
  tx: ClinicTx,
  row: OnlineRow,
  result: () => TransitionResult,
  by?: ClinicTx['actor'],
): Promise<TransitionResult> {
  let r: TransitionResult;
  try {
    r = result();
  } catch (err) {
    throw transitionFailed(err);
  }
  await applyTransition(tx, row, r, by, {
    serviceId: row.service_id,
    endsAt: row.ends_at.toISOString(),
    source: row.source,
  });
  return r;
}

/**
 * The visitor proved their phone: their patient record goes on the hold, which becomes
 * confirmed, or requested until `approvalDeadline` when the service needs the clinic's approval.
 */
export async function verifyHold(
  tx: ClinicTx,
  id: string,
  patientId: string,
  approvalDeadline: Date | null,
): Promise<TransitionResult> {
  const row = await repo.findOnlineRow(tx, id, true);
  if (!row) throw notFound('Hold');
  // The patient first: a booking past a hold always names its patient (a check constraint).
  await repo.updateAppointment(tx, id, { patient_id: patientId });
  return transition(tx, row, () =>
    appointmentMachine.verify(stateOf(row), tx.now, approvalDeadline ? { deadline: approvalDeadline } : null),
  );
}

/** The clinic's answer to a request: approve, or decline with a reason. */
export async function answerRequest(
  tx: ClinicTx,
  id: string,
  answer: { approve: true } | { approve: false; reason: string },
): Promise<TransitionResult> {
  const row = await repo.findOnlineRow(tx, id, true);
  if (!row || row.patient_id === null) throw notFound('Appointment');
  return transition(tx, row, () =>
    answer.approve
      ? appointmentMachine.approve(stateOf(row), tx.now)
      : appointmentMachine.decline(stateOf(row), tx.now, answer.reason),
  );
}

/** Requests awaiting the clinic's answer, soonest deadline first. */
export function requestedAppointments(tx: ClinicTx) {
  return repo.requestedRows(tx);
}
