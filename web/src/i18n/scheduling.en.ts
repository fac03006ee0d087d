/** Scheduling screens: calendar, agenda, work hours, services and doctors. */
export const schedulingEn = {
  'schedule.title': 'Calendar',
} as const;
