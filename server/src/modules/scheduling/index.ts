import { defineModule } from '../../platform/assembly/manifest.ts';
import { registerAppointmentRoutes } from './appointments/routes.ts';
import { expireLapsedHolds } from './appointments/service.ts';
import { seedSchedulingDemo } from './demo.ts';
import { registerFeedRoutes } from './feeds/routes.ts';
import { registerHoursRoutes } from './hours/routes.ts';
import * as m0003 from './migrations/0003_scheduling.ts';
import * as m0008 from './migrations/0008_patient_record_ids_in_appointments.ts';
import * as m0010 from './migrations/0010_slot_grid.ts';
import * as m0011 from './migrations/0011_visit_rules.ts';
import * as m0014 from './migrations/0014_booking_requested.ts';
import { registerSettingsRoutes } from './settings/routes.ts';
import { registerSetupRoutes } from './setup/routes.ts';
import { SlotsCache } from './slots/cache.ts';
import { registerSlotRoutes } from './slots/routes.ts';
import type { SchedulingTables } from './tables.ts';

/** How often lapsed holds are marked expired (they stop blocking the moment they lapse). */
export const HOLD_SWEEP_MS = 60_000;

/** Doctors, services, rooms, work hours, slots, appointments and calendar feeds. */
export const schedulingModule = defineModule<SchedulingTables>({
  name: 'scheduling',
  migrations: {
    '0003_scheduling': m0003,
    // After the patients module's 0008_patient_record_ids (names sort globally).
    '0008_patient_record_ids_in_appointments': m0008,
    '0010_slot_grid': m0010,
    '0011_visit_rules': m0011,
    // Online booking's status `requested`, `source`, holds without a patient (issue 12).
    '0014_booking_requested': m0014,
  },
  // Where a doctor holds a permission below, the module narrows it to their own profile, hours,
  // agenda and feed (access.ts).
  permissions: {
    'scheduling.read': ['owner', 'doctor', 'secretary'],
    'scheduling.manage': ['owner', 'secretary'],
    // The clinic's visit rules (may a visit start before check-in): the owner's call.
    'scheduling.rules': ['owner'],
    'doctors.manage': ['owner', 'secretary', 'doctor'],
    'appointments.read': ['owner', 'doctor', 'secretary'],
    'appointments.manage': ['owner', 'doctor', 'secretary'],
    // Anyone's own appointments as a patient (staff can be patients of their clinic too).
    'appointments.own': ['owner', 'doctor', 'secretary', 'patient'],
    'calendar.feed': ['owner', 'doctor'],
    // The clinic's slot grid and off-grid starts: the owner's call.
    'scheduling.settings': ['owner'],
  },
  routes(api, ctx) {
    const slots = new SlotsCache(ctx.clock, ctx.settings.slotsCacheMs);
    // Any successful write to a clinic drops its cached slot answers before the response leaves,
    // so the writer's next read is fresh; other instances hear of bookings through the bus.
    ctx.onClinicWrite((clinicId) => slots.dropClinic(clinicId));
    ctx.subscribe('appointments', (e) => {
      if (e.clinicId) slots.dropClinic(e.clinicId);
    });
    registerSetupRoutes(api, ctx);
    registerHoursRoutes(api, ctx);
    registerSlotRoutes(api, ctx, slots);
    registerAppointmentRoutes(api, ctx);
    registerFeedRoutes(api, ctx);
    registerSettingsRoutes(api, ctx);
  },
  // Once a minute across all instances (the job runner's schedule); runs that overlap are safe:
  // rows are claimed with SKIP LOCKED.
  schedules: [
    { name: 'scheduling.expire-holds', every: HOLD_SWEEP_MS, run: (ctx) => expireLapsedHolds(ctx) },
  ],
  demo: async (db, clinic) => {
    await seedSchedulingDemo(db, clinic.clinicId, { patientId: clinic.patientId });
  },
});

// Booking inside another module's transaction (the waitlist's claims and offer holds; the queue's
// check-in, start, finish and left-without-being-seen).
export {
  type AppointmentChange,
  type AppointmentFacts,
  appointmentFactsIn,
  changeAppointmentIn,
  confirmHoldIn,
  isTimeFreeIn,
  offeredMinutesIn,
  type Placed,
  type PlaceInput,
  placeAppointmentIn,
  releaseAppointmentIn,
} from './appointments/book-in.ts';
// For self-service (notices): a patient's own changes, the slots to move to, an .ics of a visit.
export { cancelForPatient, rescheduleForPatient } from './appointments/on-behalf.ts';
export {
  answerRequest,
  findOnline,
  type OnlineRow,
  type PlacedHold,
  placeHold,
  requestedAppointments,
  type Source,
  verifyHold,
} from './appointments/online.ts';
export { toAppointment } from './appointments/repo.ts';
// What other modules may use.
export { type Appointment, appointmentSchema } from './appointments/schema.ts';
export { expireLapsedHolds } from './appointments/service.ts';
export { buildCalendar, type FeedEvent } from './core/ical.ts';
export { generateSlots, rankSlots, type Slot, type SlotRequest } from './core/slots.ts';
export {
  APPOINTMENT_STATUSES,
  type AppointmentStatus,
  appointmentMachine,
  BLOCKING_STATUSES,
} from './core/state.ts';
export { seedSchedulingDemo } from './demo.ts';
export { applyDoctorSetup, checkDoctorSetup } from './setup/doctor-setup.ts';
export { type DoctorSetup, doctorSetupSchema } from './setup/schema.ts';
export { findSlots } from './slots/service.ts';
export type { SchedulingTables } from './tables.ts';
export { seedVisitHistory } from './visit-history-repo.ts';
