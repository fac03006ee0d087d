import { defineModule } from '../../platform/assembly/manifest.ts';
import { seedBookingDemo } from './demo.ts';
import * as m0014 from './migrations/0014_booking.ts';
import { registerBookingPages } from './pages/pages.ts';
import { PublicSlotsCache } from './public/cache.ts';
import { registerPublicBookingRoutes } from './public/routes.ts';
import type { FreeSlot } from './public/service.ts';
import { registerBookingStaffRoutes, registerPatientBookingRoutes } from './staff-routes.ts';
import type { BookingTables } from './tables.ts';

/**
 * Online booking (issue 12): the public booking API and pages with holds and SMS codes, requests
 * awaiting approval, the approvals inbox, the clinic's booking settings and abuse limits.
 */
export const bookingModule = defineModule<BookingTables>({
  name: 'booking',
  migrations: { '0014_booking': m0014 },
  permissions: {
    // Hold length, approval deadline, reminders, waitlist offers, services needing approval.
    'booking.settings': ['owner'],
    // The approvals inbox: the front desk and the owner answer requests.
    'booking.approvals': ['owner', 'secretary'],
  },
  routes(api, ctx) {
    registerBookingStaffRoutes(api, ctx);
    // Free times asked by many visitors at once are computed once a moment; any booking or staff
    // change in the clinic drops them (events reach every instance).
    const cache = new PublicSlotsCache<FreeSlot[]>(ctx.clock, ctx.settings.slotsCacheMs);
    ctx.onClinicWrite((clinicId) => cache.dropClinic(clinicId));
    ctx.subscribe('appointments', (e) => {
      if (e.clinicId) cache.dropClinic(e.clinicId);
    });
    registerPublicBookingRoutes(api, ctx, cache);
    registerPatientBookingRoutes(api, ctx);
  },
  pages: registerBookingPages,
  demo: (db, clinic) => seedBookingDemo(db, clinic.clinicId),
});

// What other modules may use.
export { DEFAULT_BOOKING_SETTINGS } from './settings/repo.ts';
export type { BookingSettings } from './settings/schema.ts';
export { bookingSettingsIn } from './settings/service.ts';
export type { BookingTables } from './tables.ts';
