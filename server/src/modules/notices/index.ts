import { defineModule } from '../../platform/assembly/manifest.ts';
import * as m0015 from './migrations/0015_notices.ts';
import { EVENT_NOTICES, REMINDER_JOB, reactToAppointment, runReminder, sweepFailures } from './notify.ts';
import { registerVisitPages } from './pages.ts';
import { registerNoticeRoutes } from './routes.ts';
import type { NoticesTables } from './tables.ts';

/** How often failed messages are looked for (fallback to the other channel, or "call the patient"). */
export const FALLBACK_SWEEP_MS = 30_000;

/**
 * What patients are told about their appointments (confirmations, reminders, changes) through the
 * outbox, with delivery status and fallback; and their self-service links at /c/{slug}/visit/{token}.
 */
export const noticesModule = defineModule<NoticesTables>({
  name: 'notices',
  migrations: { '0015_notices': m0015 },
  routes: registerNoticeRoutes,
  pages: registerVisitPages,
  reactions: [
    {
      name: 'notices.appointment-changed',
      topic: 'appointments',
      types: Object.keys(EVENT_NOTICES),
      run: (event, ctx, job) => reactToAppointment(ctx, event, job),
    },
  ],
  jobs: [{ name: REMINDER_JOB, maxAttempts: 8, run: (payload, ctx, job) => runReminder(ctx, payload, job) }],
  schedules: [{ name: 'notices.fallback', every: FALLBACK_SWEEP_MS, run: (ctx) => sweepFailures(ctx) }],
});

export type { NoticesTables } from './tables.ts';
