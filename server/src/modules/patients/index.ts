import { defineModule } from '../../platform/assembly/manifest.ts';
import * as m0002 from './migrations/0002_patients.ts';
import * as m0008 from './migrations/0008_patient_record_ids.ts';
import { registerPatientRoutes } from './routes.ts';
import type { PatientsTables } from './tables.ts';

/** A clinic's patients: registration, search, correction. */
export const patientsModule = defineModule<PatientsTables>({
  name: 'patients',
  migrations: { '0002_patients': m0002, '0008_patient_record_ids': m0008 },
  permissions: {
    'patients.read': ['owner', 'doctor', 'secretary'],
    'patients.manage': ['owner', 'doctor', 'secretary'],
  },
  routes: registerPatientRoutes,
});

// What other modules may use. `PatientsTables` is published for read-only joins (a visit list
// showing the patient's name); every write goes through the functions below.
export type { Patient } from './schema.ts';
export { findOrRegisterPatientIn, findPatientIn, registerPatientIn } from './service.ts';
export type { PatientsTables } from './tables.ts';
