import { z } from 'zod';
import { MODULES } from '../modules.ts';
import { defineModule } from '../platform/assembly/manifest.ts';
import { withClinic } from '../platform/db/tenancy.ts';
import { clinicIdOf, clinicParams, problems } from '../platform/http/route-kit.ts';

/**
 * The real-time layer through a module the platform does not know: topics authorised like
 * routes, numbered events, replay after a reconnect, revocation when access changes, limits.
 */
export const liveModule = defineModule({
  name: 'livetest',
  permissions: { 'livetest.read': ['owner', 'secretary'], 'livetest.write': ['owner', 'secretary'] },
  live: [
    { pattern: 'livetest', permission: 'livetest.read' },
    {
      pattern: 'livetest/person/:userId',
      permission: 'livetest.read',
      allow: async (ctx) => ctx.roles.includes('owner') || ctx.params.userId === ctx.userId,
    },
    // A screen without a session: only its token decides.
    { pattern: 'livetest/screen', allow: async (ctx) => ctx.token === `screen-${ctx.clinicId}` },
  ],
  routes(api, ctx) {
    api.post(
      '/clinics/:clinicId/livetest',
      {
        config: { access: { kind: 'clinic', permission: 'livetest.write' } },
        schema: {
          params: clinicParams,
          body: z.object({
            topic: z.string(),
            count: z.number().int().min(1).max(50).default(1),
            /** Sent with each event as is (the benchmark's send time). */
            data: z.record(z.string(), z.number()).optional(),
          }),
          response: { 200: z.object({ seqs: z.array(z.number()) }), ...problems },
        },
      },
      async (request) => {
        const { topic, count, data } = request.body as {
          topic: string;
          count: number;
          data?: Record<string, number>;
        };
        return withClinic(ctx.db, clinicIdOf(request), request.actor, async (tx) => {
          const seqs: number[] = [];
          for (let n = 1; n <= count; n++)
            seqs.push(await tx.emitLive(topic, 'livetest.happened', { n, ...data }));
          return { seqs };
        });
      },
    );
  },
});

/** The app's modules and the test module. */
export const liveTestModules = [...MODULES, liveModule];
