import { DAY_MS, localToUtc, MINUTE_MS, utcToLocal } from '@cliniclick/time';
import { sql } from 'kysely';
import type { Database } from '../../platform/db/database.ts';
import { newId } from '../../platform/db/ids.ts';
import { tablesOf } from '../../platform/db/tables.ts';
import { withClinic } from '../../platform/db/tenancy.ts';
import { findOrRegisterPatientIn } from '../patients/index.ts';
import type { SchedulingTables } from './tables.ts';

const dbOf = tablesOf<SchedulingTables>();

/**
 * Twelve past weeks of visits with outcomes for a demo clinic, so the owner's no-show chart means
 * something on first start: weekday afternoons of the first doctor, mostly completed, some no-shows
 * (fewer in the recent weeks), some cancellations (by the patient or by the clinic, audited as the
 * live path would be), booked one to ten days ahead. Written directly (the live booking path refuses
 * past times); does nothing when the clinic already has visits over a week old.
 */
export async function seedVisitHistory(db: Database, clinicId: string): Promise<number> {
  return withClinic(db, clinicId, { kind: 'system', userId: null }, async (tx) => {
    const d = dbOf(tx);
    const past = await d
      .selectFrom('appointments')
      .select('id')
      .where('clinic_id', '=', clinicId)
      // The scheduling demo's own visits are around today; history lies further back.
      .where('starts_at', '<', new Date(tx.now.getTime() - 7 * DAY_MS))
      .limit(1)
      .executeTakeFirst();
    if (past) return 0;
    const doctor = await d
      .selectFrom('doctor_profiles')
      .select('user_id')
      .where('clinic_id', '=', clinicId)
      .orderBy('created_at')
      .limit(1)
      .executeTakeFirst();
    const service = await d
      .selectFrom('services')
      .select(['id', 'duration_min', 'price_minor'])
      .where('clinic_id', '=', clinicId)
      .where('mode', '=', 'in_person')
      .where('requires_room', '=', false)
      .orderBy('created_at')
      .limit(1)
      .executeTakeFirst();
    const clinic = await d
      .selectFrom('clinics')
      .select(['time_zone', 'currency'])
      .where('id', '=', clinicId)
      .executeTakeFirstOrThrow();
    if (!doctor || !service) return 0;
    const patients: string[] = [];
    const names = ['Lina Haddad', 'Omar Saleh', 'Grace Miller', 'Yusuf Karim', 'Nora Ali'];
    for (const [i, fullName] of names.entries()) {
      const phone = `+1555555${String(200 + i).padStart(4, '0')}`;
      patients.push((await findOrRegisterPatientIn(tx, { fullName, phone })).id);
    }
    const zone = clinic.time_zone;
    const today = utcToLocal(zone, tx.now.getTime()).day;
    let n = 0;
    for (let back = 1; back <= 84; back++) {
      const day = today - back;
      const weekday = new Date(day * DAY_MS).getUTCDay();
      if (weekday === 0 || weekday === 6) continue;
      const week = Math.floor((84 - back) / 7); // 0 = oldest
      for (let k = 0; k < 4; k++) {
        const startsAt = new Date(localToUtc(zone, day, 13 * 60 + k * 45));
        const endsAt = new Date(startsAt.getTime() + service.duration_min * MINUTE_MS);
        const roll = (back * 7 + k * 13) % 20;
        // Fewer no-shows in the recent weeks (when reminders would have started).
        const noShow = roll < 3 && (week < 6 || (back + k) % 3 === 0);
        const cancelled = !noShow && (roll === 5 || roll === 11);
        const status = noShow ? 'no_show' : cancelled ? 'cancelled' : 'completed';
        const id = newId(startsAt.getTime());
        const bookedAt = new Date(startsAt.getTime() - (((back + k) % 10) + 1) * DAY_MS);
        await sql`insert into appointments (clinic_id, id, doctor_id, patient_id, service_id, mode, starts_at,
            ends_at, blocked_from, blocked_until, status, price_minor, currency, cancel_reason, created_at, updated_at)
          values (${clinicId}, ${id}, ${doctor.user_id}, ${patients[(back + k) % patients.length]}, ${service.id},
            'in_person', ${startsAt}, ${endsAt}, ${startsAt}, ${endsAt}, ${status}, ${service.price_minor},
            ${clinic.currency}, ${cancelled ? 'Demo: could not come' : null}, ${bookedAt}, ${bookedAt})`.execute(
          d,
        );
        if (cancelled) {
          await tx.audit(
            {
              action: 'appointment.cancelled',
              entityType: 'appointment',
              entityId: id,
              data: { from: 'confirmed', to: 'cancelled', demo: true },
            },
            roll === 5 ? { kind: 'public', userId: null } : { kind: 'system', userId: null },
          );
        }
        n += 1;
      }
    }
    return n;
  });
}
