import { localToUtc, MINUTE_MS, utcToLocal } from '@cliniclick/time';
import type { Database } from '../../platform/db/database.ts';
import { newId } from '../../platform/db/ids.ts';
import { withClinic } from '../../platform/db/tenancy.ts';
import { insertAppointment } from './appointments/repo.ts';
import type { AppointmentStatus } from './core/state.ts';
import type { Mode, WeeklyRule } from './core/work-hours.ts';
import { replaceRules } from './hours/repo.ts';
import * as repo from './setup/repo.ts';

/**
 * Demo scheduling data for one clinic, so the panels have something to show: profiles for its
 * doctors, four services (one online, one needing a room), a room, hours Mon–Fri 09:00–17:00 in
 * the clinic's zone (plus online evenings Tue and Thu), and appointments today and tomorrow for
 * the demo patient in several states. Does nothing when the clinic already has services.
 */
export interface SchedulingDemo {
  serviceIds: string[];
  roomId: string;
  appointmentIds: string[];
}

const SERVICES = [
  {
    name: 'General consultation',
    name_ar: 'استشارة عامة',
    duration_min: 30,
    price_minor: 6000,
    mode: 'in_person',
    color: '#1e88e5',
    requires_room: false,
    buffer_after_min: 0,
  },
  {
    name: 'Follow-up visit',
    name_ar: 'زيارة متابعة',
    duration_min: 15,
    price_minor: 3000,
    mode: 'in_person',
    color: '#43a047',
    requires_room: false,
    buffer_after_min: 0,
  },
  {
    name: 'Online consultation',
    name_ar: 'استشارة عبر الإنترنت',
    duration_min: 20,
    price_minor: 4500,
    mode: 'online',
    color: '#8e24aa',
    requires_room: false,
    buffer_after_min: 0,
  },
  {
    name: 'Dental cleaning',
    name_ar: 'تنظيف الأسنان',
    duration_min: 45,
    price_minor: 9000,
    mode: 'in_person',
    color: '#f4511e',
    requires_room: true,
    buffer_after_min: 10,
  },
] as const;

/** [day offset, local time, service index, status] — spread over the clinic's doctors in turn. */
const VISITS: ReadonlyArray<[number, string, number, AppointmentStatus]> = [
  [0, '09:00', 0, 'completed'],
  [0, '10:00', 1, 'checked_in'],
  [0, '11:30', 0, 'confirmed'],
  [0, '14:00', 0, 'cancelled'],
  [0, '15:00', 1, 'pending'],
  [1, '09:00', 3, 'confirmed'],
  [1, '10:30', 0, 'confirmed'],
  [1, '17:30', 2, 'confirmed'],
];

function rulesFor(roomId: string | null): WeeklyRule[] {
  const rules: WeeklyRule[] = [];
  for (let weekday = 1; weekday <= 5; weekday++) {
    rules.push({ weekday, start: 9 * 60, end: 17 * 60, mode: 'in_person', roomId });
    if (weekday === 2 || weekday === 4)
      rules.push({ weekday, start: 17 * 60, end: 19 * 60, mode: 'online', roomId: null });
  }
  return rules;
}

export async function seedSchedulingDemo(
  db: Database,
  clinicId: string,
  opts: { patientId?: string } = {},
): Promise<SchedulingDemo | null> {
  return withClinic(db, clinicId, { kind: 'system', userId: null }, async (tx) => {
    const { currency, timeZone } = await repo.clinicFacts(tx);
    if ((await repo.listServices(tx, currency)).length > 0) return null;
    const doctors = await repo.listDoctors(tx);
    const roomId = newId();
    await repo.insertRoom(tx, roomId, 'Room 1');
    const serviceIds: string[] = [];
    for (const s of SERVICES) {
      const id = newId();
      await repo.insertService(tx, id, { ...s, buffer_before_min: 0, active: true });
      serviceIds.push(id);
    }
    const specialties = ['General practice', 'Dentistry', 'Paediatrics'];
    for (const [i, d] of doctors.entries()) {
      await repo.updateProfile(tx, d.id, {
        specialty: specialties[i % specialties.length] ?? null,
        bio: 'Sees adults and children; speaks English and Arabic.',
        languages: ['en', 'ar'],
        color: ['#1e88e5', '#43a047', '#fb8c00'][i % 3] ?? null,
      });
      for (const sid of serviceIds)
        await repo.offerService(tx, d.id, sid, { duration_min: null, price_minor: null });
      // The first doctor works in Room 1 (so the room-bound service has somewhere to happen).
      const rules = rulesFor(i === 0 ? roomId : null);
      await replaceRules(
        tx,
        d.id,
        rules,
        rules.map(() => newId()),
      );
    }
    const patientId = opts.patientId;
    const appointmentIds: string[] = [];
    if (patientId && doctors.length > 0) {
      const today = utcToLocal(timeZone, tx.now.getTime()).day;
      for (const [i, [offset, time, serviceIndex, status]] of VISITS.entries()) {
        const doctor = doctors[i % doctors.length]!;
        const s = SERVICES[serviceIndex]!;
        const [h, m] = time.split(':').map(Number);
        const startsAt = new Date(localToUtc(timeZone, today + offset, (h ?? 9) * 60 + (m ?? 0)));
        const endsAt = new Date(startsAt.getTime() + s.duration_min * MINUTE_MS);
        const id = newId();
        await insertAppointment(tx, {
          id,
          doctor_id: doctor.id,
          patient_id: patientId,
          service_id: serviceIds[serviceIndex]!,
          room_id:
            s.requires_room || (doctors.indexOf(doctor) === 0 && s.mode === 'in_person') ? roomId : null,
          series_id: null,
          mode: s.mode as Mode,
          starts_at: startsAt,
          ends_at: endsAt,
          blocked_from: startsAt,
          blocked_until: new Date(endsAt.getTime() + s.buffer_after_min * MINUTE_MS),
          status,
          hold_expires_at: status === 'pending' ? new Date(tx.now.getTime() + 30 * MINUTE_MS) : null,
          price_minor: s.price_minor,
          currency,
          notes: null,
        });
        appointmentIds.push(id);
      }
    }
    await tx.audit({
      action: 'scheduling.demo_seeded',
      entityType: 'clinic',
      entityId: clinicId,
      data: { services: serviceIds.length, appointments: appointmentIds.length },
    });
    return { serviceIds, roomId, appointmentIds };
  });
}
