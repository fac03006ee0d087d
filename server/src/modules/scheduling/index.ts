import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/deps.ts';
import { expireLapsedHolds } from './appointments-service.ts';
import { registerAppointmentRoutes } from './routes-appointments.ts';
import { registerSetupRoutes } from './routes-setup.ts';
import { SlotsCache } from './slots-cache.ts';

export type { Appointment } from './appointment-schema.ts';
export { expireLapsedHolds } from './appointments-service.ts';
export { seedSchedulingDemo } from './demo.ts';
export { generateSlots, rankSlots, type Slot, type SlotRequest } from './slots.ts';
export { appointmentMachine } from './state.ts';

/** How often lapsed holds are marked expired (they stop blocking the moment they lapse). */
export const HOLD_SWEEP_MS = 60_000;

export function registerSchedulingRoutes(api: FastifyInstance, deps: AppDeps): void {
  const slots = new SlotsCache(deps.clock, deps.settings.slotsCacheMs);
  // Any successful write to a clinic drops its cached slot answers before the response leaves,
  // so the writer's next read is fresh; other instances hear of bookings through the bus.
  api.addHook('onSend', async (request, reply) => {
    const clinicId = (request.params as { clinicId?: unknown } | undefined)?.clinicId;
    if (request.method !== 'GET' && reply.statusCode < 400 && typeof clinicId === 'string')
      slots.dropClinic(clinicId);
  });
  registerSetupRoutes(api, deps);
  registerAppointmentRoutes(api, deps, slots);
  let unsubscribe: (() => Promise<void>) | undefined;
  // The sweep lives and dies with the app (every instance may run it: rows are claimed with SKIP LOCKED).
  let timer: NodeJS.Timeout | undefined;
  api.addHook('onReady', async () => {
    unsubscribe = await deps.events.subscribe('appointments', (e) => {
      if (e.clinicId) slots.dropClinic(e.clinicId);
    });
    timer = setInterval(() => {
      expireLapsedHolds({ db: deps.db, events: deps.events }).catch((err: unknown) =>
        api.log.warn({ err }, 'hold expiry sweep failed'),
      );
    }, HOLD_SWEEP_MS);
    timer.unref();
  });
  api.addHook('onClose', async () => {
    clearInterval(timer);
    await unsubscribe?.();
  });
}
