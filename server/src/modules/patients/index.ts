export { registerPatientRoutes } from './routes.ts';
export type { Patient } from './schema.ts';
export { findOrRegisterPatientIn, findPatientIn, registerPatientIn } from './service.ts';
