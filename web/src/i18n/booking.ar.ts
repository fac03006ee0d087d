import type { bookingEn } from './booking.en';
import type { Translation } from './plural';

export const bookingAr: Translation<typeof bookingEn, 'ar'> = {
  'schedule.status.requested': 'بانتظار الموافقة',
  'visits.status.requested': 'أُرسل الطلب — ستؤكد العيادة الموعد',

  'nav.approvals': 'الموافقات',
  'nav.bookingSettings': 'الحجز عبر الإنترنت',
  'approvals.title': 'طلبات بانتظار الموافقة',
  'approvals.intro':
    'مواعيد حُجزت عبر الإنترنت لخدمات تحتاج موافقتك. يبقى وقت كل طلب محجوزًا حتى تردّ عليه أو تنتهي مهلته.',
  'approvals.empty': 'لا توجد طلبات بانتظار الرد.',
  'approvals.waiting': {
    zero: 'لا توجد طلبات',
    one: 'طلب واحد بانتظار الرد',
    two: 'طلبان بانتظار الرد',
    few: '{count} طلبات بانتظار الرد',
    many: '{count} طلبًا بانتظار الرد',
    other: '{count} طلب بانتظار الرد',
  },
  'approvals.answerBy': 'الرد قبل {when}',
  'approvals.approve': 'موافقة',
  'approvals.decline': 'رفض',
  'approvals.back': 'رجوع',
  'approvals.reason': 'ما السبب؟ (سيُبلَّغ المريض به)',

  'bookingSettings.title': 'الحجز عبر الإنترنت',
  'bookingSettings.publicPage': 'صفحة الحجز الخاصة بك:',
  'bookingSettings.holdMinutes': 'مدة حجز الوقت أثناء الحجز (بالدقائق)',
  'bookingSettings.approvalHours': 'مهلة الرد على الطلب (بالساعات)',
  'bookingSettings.cancellationWindowHours': 'يمكن للمرضى الإلغاء حتى (ساعات قبل الموعد)',
  'bookingSettings.minNoticeMinutes': 'أقرب حجز عبر الإنترنت (دقائق من الآن)',
  'bookingSettings.horizonDays': 'أبعد حجز عبر الإنترنت (أيام مقدمًا)',
  'bookingSettings.waitlistOfferMinutes': 'مهلة قبول عرض قائمة الانتظار (بالدقائق)',
  'bookingSettings.reminders': 'التذكيرات (دقائق قبل الموعد)',
  'bookingSettings.remindersHint': 'افصل بينها بفواصل: 1440 يوم، و120 ساعتان',
  'bookingSettings.offerMode': 'يُعرض الوقت المتاح على',
  'bookingSettings.offerOne': 'شخص واحد في كل مرة',
  'bookingSettings.offerAll': 'جميع المنتظرين',
  'bookingSettings.save': 'حفظ',
  'bookingSettings.saved': 'تم الحفظ.',
  'bookingSettings.approvalTitle': 'خدمات تحتاج موافقتك',
  'bookingSettings.approvalHint': 'عند حجزها عبر الإنترنت تنتظر في الموافقات حتى يردّ الاستقبال أو أنت.',
};
