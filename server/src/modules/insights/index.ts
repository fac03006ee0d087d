import { defineModule } from '../../platform/assembly/manifest.ts';
import { seedVisitHistory } from '../scheduling/index.ts';
import { registerInsightRoutes } from './routes.ts';

/** The owner's figures over the clinic's own data (issue 12, item 7: no-shows and reminders). */
export const insightsModule = defineModule({
  name: 'insights',
  // The owner sees the clinic; a doctor sees their own figures (service.ts narrows).
  permissions: { 'insights.attendance': ['owner', 'doctor'] },
  routes: registerInsightRoutes,
  // Past weeks with outcomes, so the chart has something true to show in the demo.
  demo: async (db, clinic) => {
    await seedVisitHistory(db, clinic.clinicId);
  },
});
