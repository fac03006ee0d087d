import type { Database } from '../../../platform/db/database.ts';
import { newId } from '../../../platform/db/ids.ts';
import { type ClinicTx, withClinic } from '../../../platform/db/tenancy.ts';
import { badRequest, notFound } from '../../../platform/http/errors.ts';
import { agendaDoctor, type Caller, requireSelfOrStaff } from '../access.ts';
import * as repo from './repo.ts';
import type {
  CreateServiceInput,
  Doctor,
  Room,
  Service,
  ServiceUsage,
  UpdateDoctorInput,
  UpdateServiceInput,
  VisitRulesBody,
} from './schema.ts';

export async function requireDoctor(tx: ClinicTx, doctorId: string): Promise<void> {
  if (!(await repo.isActiveDoctor(tx, doctorId))) throw notFound('Doctor');
}

/** The profile columns a change names (fields left out stay as they are). */
export function profileColumns(input: Partial<UpdateDoctorInput>): repo.ProfileChanges {
  return {
    ...(input.specialty !== undefined ? { specialty: input.specialty } : {}),
    ...(input.bio !== undefined ? { bio: input.bio } : {}),
    ...(input.photoUrl !== undefined ? { photo_url: input.photoUrl } : {}),
    ...(input.languages !== undefined ? { languages: input.languages } : {}),
    ...(input.color !== undefined ? { color: input.color } : {}),
  };
}

export function listDoctors(db: Database, clinicId: string, caller: Caller): Promise<Doctor[]> {
  return withClinic(db, clinicId, caller.actor, (tx) => repo.listDoctors(tx));
}

/** How far back "most booked" looks. */
export const USAGE_DAYS = 180;

/** Visits per doctor and service over the last USAGE_DAYS days (a doctor sees their own). */
export function serviceUsage(db: Database, clinicId: string, caller: Caller): Promise<ServiceUsage> {
  const doctorId = agendaDoctor(caller, undefined);
  return withClinic(db, clinicId, caller.actor, async (tx) => {
    const since = new Date(tx.now.getTime() - USAGE_DAYS * 86_400_000);
    return { since: since.toISOString(), items: await repo.serviceUsage(tx, since, doctorId) };
  });
}

export function getDoctor(db: Database, clinicId: string, caller: Caller, doctorId: string): Promise<Doctor> {
  return withClinic(db, clinicId, caller.actor, async (tx) => {
    const [doctor] = await repo.listDoctors(tx, doctorId);
    if (!doctor) throw notFound('Doctor');
    return doctor;
  });
}

export function updateDoctor(
  db: Database,
  clinicId: string,
  caller: Caller,
  doctorId: string,
  input: UpdateDoctorInput,
): Promise<Doctor> {
  return withClinic(db, clinicId, caller.actor, async (tx) => {
    await requireDoctor(tx, doctorId);
    requireSelfOrStaff(caller, doctorId, 'profile');
    await repo.updateProfile(tx, doctorId, profileColumns(input));
    await tx.audit({
      action: 'doctor.profile_updated',
      entityType: 'doctor',
      entityId: doctorId,
      data: { fields: Object.keys(input).sort() },
    });
    const [doctor] = await repo.listDoctors(tx, doctorId);
    if (!doctor) throw notFound('Doctor');
    return doctor;
  });
}

export function listServices(db: Database, clinicId: string, caller: Caller): Promise<Service[]> {
  return withClinic(db, clinicId, caller.actor, async (tx) =>
    repo.listServices(tx, (await repo.clinicFacts(tx)).currency),
  );
}

export function createService(db: Database, clinicId: string, caller: Caller, input: CreateServiceInput) {
  return withClinic(db, clinicId, caller.actor, async (tx) => {
    const id = newId();
    await repo.insertService(tx, id, {
      name: input.name,
      name_ar: input.nameAr ?? null,
      duration_min: input.durationMin,
      price_minor: input.priceMinor,
      mode: input.mode,
      buffer_before_min: input.bufferBeforeMin,
      buffer_after_min: input.bufferAfterMin,
      color: input.color ?? null,
      requires_room: input.requiresRoom,
      active: input.active,
    });
    await tx.audit({
      action: 'service.created',
      entityType: 'service',
      entityId: id,
      data: { name: input.name },
    });
    const service = await repo.findService(tx, id, (await repo.clinicFacts(tx)).currency);
    if (!service) throw notFound('Service');
    return service;
  });
}

export function updateService(
  db: Database,
  clinicId: string,
  caller: Caller,
  serviceId: string,
  input: UpdateServiceInput,
): Promise<Service> {
  return withClinic(db, clinicId, caller.actor, async (tx) => {
    const { currency } = await repo.clinicFacts(tx);
    const current = await repo.findService(tx, serviceId, currency);
    if (!current) throw notFound('Service');
    if ((input.requiresRoom ?? current.requiresRoom) && (input.mode ?? current.mode) === 'online') {
      throw badRequest('invalid_value', 'An online service needs no room', {
        errors: [{ field: 'requiresRoom', message: 'an online service needs no room' }],
      });
    }
    await repo.updateService(tx, serviceId, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.nameAr !== undefined ? { name_ar: input.nameAr } : {}),
      ...(input.durationMin !== undefined ? { duration_min: input.durationMin } : {}),
      ...(input.priceMinor !== undefined ? { price_minor: input.priceMinor } : {}),
      ...(input.mode !== undefined ? { mode: input.mode } : {}),
      ...(input.bufferBeforeMin !== undefined ? { buffer_before_min: input.bufferBeforeMin } : {}),
      ...(input.bufferAfterMin !== undefined ? { buffer_after_min: input.bufferAfterMin } : {}),
      ...(input.color !== undefined ? { color: input.color } : {}),
      ...(input.requiresRoom !== undefined ? { requires_room: input.requiresRoom } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
    });
    await tx.audit({
      action: 'service.updated',
      entityType: 'service',
      entityId: serviceId,
      data: { fields: Object.keys(input).sort() },
    });
    const service = await repo.findService(tx, serviceId, currency);
    if (!service) throw notFound('Service');
    return service;
  });
}

export function offerService(
  db: Database,
  clinicId: string,
  caller: Caller,
  ids: { doctorId: string; serviceId: string },
  input: { durationMin: number | null; priceMinor: number | null },
): Promise<Doctor> {
  return withClinic(db, clinicId, caller.actor, async (tx) => {
    await requireDoctor(tx, ids.doctorId);
    if (!(await repo.findService(tx, ids.serviceId, ''))) throw notFound('Service');
    await repo.offerService(tx, ids.doctorId, ids.serviceId, {
      duration_min: input.durationMin,
      price_minor: input.priceMinor,
    });
    await tx.audit({
      action: 'doctor.service_offered',
      entityType: 'doctor',
      entityId: ids.doctorId,
      data: input,
    });
    const [doctor] = await repo.listDoctors(tx, ids.doctorId);
    if (!doctor) throw notFound('Doctor');
    return doctor;
  });
}

export function withdrawService(
  db: Database,
  clinicId: string,
  caller: Caller,
  ids: { doctorId: string; serviceId: string },
): Promise<void> {
  return withClinic(db, clinicId, caller.actor, async (tx) => {
    if (!(await repo.withdrawService(tx, ids.doctorId, ids.serviceId))) throw notFound('Offer');
    await tx.audit({
      action: 'doctor.service_withdrawn',
      entityType: 'doctor',
      entityId: ids.doctorId,
      data: { serviceId: ids.serviceId },
    });
  });
}

export function listRooms(db: Database, clinicId: string, caller: Caller): Promise<Room[]> {
  return withClinic(db, clinicId, caller.actor, (tx) => repo.listRooms(tx));
}

export function createRoom(db: Database, clinicId: string, caller: Caller, name: string): Promise<Room> {
  return withClinic(db, clinicId, caller.actor, async (tx) => {
    const id = newId();
    await repo.insertRoom(tx, id, name);
    await tx.audit({ action: 'room.created', entityType: 'room', entityId: id, data: { name } });
    return { id, name, active: true };
  });
}

export function updateRoom(
  db: Database,
  clinicId: string,
  caller: Caller,
  roomId: string,
  input: { name?: string | undefined; active?: boolean | undefined },
): Promise<Room> {
  return withClinic(db, clinicId, caller.actor, async (tx) => {
    const room = await repo.updateRoom(tx, roomId, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
    });
    if (!room) throw notFound('Room');
    await tx.audit({ action: 'room.updated', entityType: 'room', entityId: roomId, data: input });
    return room;
  });
}

export function getVisitRules(db: Database, clinicId: string, caller: Caller): Promise<VisitRulesBody> {
  return withClinic(db, clinicId, caller.actor, (tx) => repo.visitRules(tx));
}

/** The owner's rules for a visit's steps; the state machine reads them on every change. */
export function saveVisitRules(
  db: Database,
  clinicId: string,
  caller: Caller,
  input: VisitRulesBody,
): Promise<VisitRulesBody> {
  return withClinic(db, clinicId, caller.actor, async (tx) => {
    const before = await repo.visitRules(tx);
    await repo.saveVisitRules(tx, input);
    if (before.startBeforeCheckIn !== input.startBeforeCheckIn) {
      await tx.audit({
        action: 'clinic.visit_rules_changed',
        entityType: 'clinic',
        entityId: clinicId,
        data: { startBeforeCheckIn: input.startBeforeCheckIn },
      });
    }
    return repo.visitRules(tx);
  });
}
