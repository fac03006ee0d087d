import { defineModule } from '../../platform/assembly/manifest.ts';
import { registerClinicRoutes } from './routes.ts';

/** Clinics as the platform admin manages them (the `clinics` table itself is the platform's tenancy). */
export const clinicsModule = defineModule({
  name: 'clinics',
  platformPermissions: { 'platform.clinics.manage': ['admin'] },
  routes: registerClinicRoutes,
});

// What other modules may use (the demo seed calls createClinicWithOwner).
export type { Clinic } from './repo.ts';
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
