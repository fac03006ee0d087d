export { registerPatientRoutes } from './routes.ts';
export type { Patient } from './schema.ts';
export { registerPatientIn } from './service.ts';
