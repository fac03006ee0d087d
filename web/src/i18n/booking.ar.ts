import type { bookingEn } from './booking.en';
import type { Translation } from './plural';

export const bookingAr: Translation<typeof bookingEn, 'ar'> = {
  'schedule.status.requested': 'بانتظار الموافقة',
  'visits.status.requested': 'أُرسل الطلب — ستؤكد العيادة الموعد',
};
