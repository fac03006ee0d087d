import { defineModule } from '../../platform/assembly/manifest.ts';
import { demoDisplayToken, displayUrlOf } from './codes.ts';
import { DEMO_JOB, queueDemoSeed, seedQueueDemo } from './demo.ts';
import { QUEUE_LIVE_TOPICS } from './live.ts';
import * as m0018 from './migrations/0018_queue.ts';
import { registerQueuePages } from './pages.ts';
import { registerPublicQueueRoutes } from './public-routes.ts';
import { registerQueueRoutes } from './routes.ts';
import { APPOINTMENT_EVENTS, syncFromCalendar } from './sync.ts';
import type { QueueTables } from './tables.ts';

/**
 * The live queue (issue 13): check-in at the desk, by QR code or by the patient; walk-ins; each
 * doctor's line from waiting to checked out, moving the appointment with it; the waiting-room
 * screen and the patient's ticket, with estimates learnt from the clinic's own consultations.
 */
export const queueModule = defineModule<QueueTables>({
  name: 'queue',
  migrations: { '0018_queue': m0018 },
  permissions: {
    'queue.read': ['owner', 'doctor', 'secretary'],
    // Check in, walk-in, move, urgent, check out, left, waiting-room screens.
    'queue.desk': ['owner', 'secretary'],
    // Call next, call, start, finish, back to waiting: a doctor only in their own queue.
    'queue.consult': ['owner', 'doctor', 'secretary'],
    'queue.estimates': ['owner'],
    // Anyone's own tickets as a patient (staff can be patients of their clinic too).
    'queue.own': ['owner', 'doctor', 'secretary', 'patient'],
  },
  routes(api, ctx) {
    registerQueueRoutes(api, ctx);
    registerPublicQueueRoutes(api, ctx);
  },
  pages: registerQueuePages,
  // The calendar's Check in / Start / Complete / Cancel reach the queue once per event, durably.
  reactions: [
    {
      name: 'queue.follow-calendar',
      topic: 'appointments',
      types: APPOINTMENT_EVENTS,
      run: (e, ctx) => syncFromCalendar(ctx, e),
    },
  ],
  live: QUEUE_LIVE_TOPICS,
  jobs: [{ name: DEMO_JOB, maxAttempts: 3, run: (_p, ctx, job) => seedQueueDemo(ctx, job.clinicId ?? '') }],
  demo: (db, clinic) => queueDemoSeed(db, clinic.clinicId),
});

/** The demo clinic's waiting-room screen, for the start-up banner (the demo's display is derived). */
export function demoDisplayUrl(settings: { publicUrl: string; appSecret: string }, clinicId: string): string {
  return displayUrlOf(settings.publicUrl, demoDisplayToken(settings.appSecret, clinicId));
}

export type { QueueTables } from './tables.ts';
