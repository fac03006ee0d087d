import { defineModule } from '../../platform/assembly/manifest.ts';
import * as m0016 from './migrations/0016_waitlist.ts';
import { FREEING_EVENTS, offerFreedTime, sweepWaitlist } from './offers.ts';
import { registerWaitlistPages } from './pages.ts';
import { registerWaitlistRoutes } from './routes.ts';
import type { WaitlistTables } from './tables.ts';
import { seedWaitlistDemo } from './wishes.ts';

/** The waitlist: wishes for a time, offered automatically when a time frees (issue 12, item 5). */
export const waitlistModule = defineModule<WaitlistTables>({
  name: 'waitlist',
  migrations: { '0016_waitlist': m0016 },
  permissions: {
    'waitlist.read': ['owner', 'secretary', 'doctor'],
    'waitlist.manage': ['owner', 'secretary'],
    // Anyone's own wishes as a patient (staff can be patients of their clinic too).
    'waitlist.own': ['owner', 'doctor', 'secretary', 'patient'],
  },
  routes: registerWaitlistRoutes,
  pages: registerWaitlistPages,
  // Once per freeing event across instances: the time goes to the best waiting wish(es).
  reactions: [
    {
      name: 'waitlist.offer-freed-time',
      topic: 'appointments',
      types: FREEING_EVENTS,
      run: (e, ctx) => offerFreedTime(ctx, e),
    },
  ],
  schedules: [{ name: 'waitlist.sweep', every: 60_000, run: (ctx) => sweepWaitlist(ctx.db) }],
  demo: (db, clinic) => seedWaitlistDemo(db, clinic.clinicId, clinic.patientId),
});

export type { WaitlistTables } from './tables.ts';
