/** Clinics as the platform sees them. What other code may use (the demo seed calls createClinicWithOwner). */
export type { Clinic } from './repo.ts';
export { registerClinicRoutes } from './routes.ts';
export type { CreateClinicInput } from './schema.ts';
export {
  type ClinicsDeps,
  type CreatedClinic,
  createClinicWithOwner,
  getClinic,
  listClinics,
  setClinicStatus,
  viewClinicAsAdmin,
} from './service.ts';
