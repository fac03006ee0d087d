import { sha256 } from '../../platform/auth/crypto.ts';
import { type Database, systemActor } from '../../platform/db/database.ts';
import { newId } from '../../platform/db/ids.ts';
import { withClinic } from '../../platform/db/tenancy.ts';
import { AppError } from '../../platform/http/errors.ts';
import { clinicOf, type Deps } from './actions.ts';
import { joinQueue, todaysJoinable, walkInIn } from './check-in.ts';
import { demoDisplayToken } from './codes.ts';
import * as repo from './repo.ts';

/**
 * The demo's waiting room. Seeding needs the app's secret (ticket and display tokens derive from
 * it) and the demo seed gets only the database: so the seed queues a job, which runs with the
 * app's dependencies as soon as the job runner starts.
 */
export const DEMO_JOB = 'queue.seed-demo';

export function queueDemoSeed(db: Database, clinicId: string): Promise<void> {
  return withClinic(db, clinicId, systemActor, async (tx) => {
    if (await repo.hasDisplays(tx)) return;
    await tx.enqueue({ name: DEMO_JOB, payload: {}, idempotencyKey: `${DEMO_JOB}:${clinicId}` });
  });
}

const WALK_INS = [
  { fullName: 'Sara Ali', phone: '+15555550111' },
  { fullName: 'Omar Haddad', phone: '+15555550112' },
];

/** Today's booked patients checked in but the last, two walk-ins if there is time left today, and the TV. */
export function seedQueueDemo(deps: Deps, clinicId: string): Promise<void> {
  return withClinic(deps.db, clinicId, systemActor, async (tx) => {
    if (await repo.hasDisplays(tx)) return;
    const clinic = await clinicOf(tx);
    await repo.insertDisplay(tx, {
      id: newId(tx.now.getTime()),
      name: 'Waiting room TV',
      chime: true,
      token_hash: sha256(demoDisplayToken(deps.settings.appSecret, tx.clinicId)),
      created_by: null,
      revoked_at: null,
    });
    // The day's last booked patient is left to arrive, so the desk (and the calendar) has someone
    // to check in.
    const joinable = await todaysJoinable(tx, clinic);
    const toArrive = joinable.filter((a) => a.status === 'confirmed').at(-1);
    for (const a of joinable) if (a !== toArrive) await joinQueue(tx, deps, clinic, a, 'desk');
    const [doctor] = await repo.doctorsOf(tx);
    if (!doctor) return;
    for (const patient of WALK_INS) {
      try {
        await walkInIn(tx, deps, clinic, { doctorId: doctor.id, patient });
      } catch (err) {
        // Late in the day there may be no room left: the demo has its booked patients then.
        if (!(err instanceof AppError) || err.status >= 500) throw err;
      }
    }
  });
}
