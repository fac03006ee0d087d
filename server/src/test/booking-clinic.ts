/**
 * Scheduling's test fixture for other modules' tests (modules meet only through index.ts, and a
 * test fixture has no place in a module's index): a clinic ready to book, booking, a second doctor.
 */
export {
  addDoctor,
  type Booking,
  book,
  bookingClinic,
  everyDay,
} from '../modules/scheduling/test-fixture.ts';
