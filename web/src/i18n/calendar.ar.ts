import type { calendarEn } from './calendar.en';
import type { Translation } from './plural';

export const calendarAr: Translation<typeof calendarEn, 'ar'> = {
  'calendar.closed': 'مغلق',
  'calendar.closedDay': 'لا يعمل أحد في هذا اليوم. تظهر الزيارات المحجوزة فيه مع ذلك.',
  'calendar.colorBy': 'التلوين حسب',
  'calendar.colorBy.service': 'الخدمة',
  'calendar.colorBy.doctor': 'الطبيب',
  'calendar.colorBy.status': 'الحالة',
  'calendar.legend': 'دليل الألوان',
  'calendar.print': 'طباعة اليوم',
  'calendar.printNow': 'طباعة',
  'calendar.printBack': 'العودة إلى التقويم',
  'calendar.printTitle': 'جداول اليوم',
  'calendar.printSubtitle': 'صفحة لكل طبيب. الأوقات بتوقيت العيادة ({zone}).',
  'calendar.printNoVisits': 'لا زيارات في هذا اليوم.',
  'calendar.col.time': 'الوقت',
  'calendar.col.patient': 'المريض',
  'calendar.col.phone': 'الهاتف',
  'calendar.col.service': 'الخدمة',
  'calendar.col.status': 'الحالة',
  'calendar.col.notes': 'ملاحظات',
  'calendar.settings.title': 'أوقات البدء المقترحة',
  'calendar.settings.intro':
    'الأوقات المتاحة التي يقترحها التقويم والحجز. شبكة من ١٥ دقيقة تقترح ٩:٠٠ و٩:١٥ و٩:٣٠ و٩:٤٥.',
  'calendar.settings.grid': 'وقت بدء كل',
  'calendar.settings.minutes': '{minutes} دقيقة',
  'calendar.settings.offGrid': 'اقترح أيضًا أوقاتًا خارج الشبكة، حيث يبدأ الوقت المتاح أو ينتهي',
  'calendar.settings.offGridHint':
    'مثلًا ٢:٠٥ م بعد زيارة تنتهي حينها. عند الإيقاف تكون كل الاقتراحات على الشبكة.',
  'calendar.settings.save': 'احفظ أوقات البدء',
  'calendar.settings.saved': 'تم الحفظ. تستخدم الاقتراحات الجديدة أوقات البدء هذه.',
  'calendar.settings.ownerOnly': 'يغيّر هذه الإعدادات مالك العيادة فقط.',
};
