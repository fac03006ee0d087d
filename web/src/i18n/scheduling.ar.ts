import type { schedulingEn } from './scheduling.en';

export const schedulingAr: Record<keyof typeof schedulingEn, string> = {
  'schedule.title': 'التقويم',
};
