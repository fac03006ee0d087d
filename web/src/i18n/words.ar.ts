import type { Translation } from './plural';
import type { wordsEn } from './words.en';

export const wordsAr: Translation<typeof wordsEn, 'ar'> = {
  'errors.check_in_first': 'سجّل وصول المريض قبل بدء الزيارة.',
  'visits.status.pending': 'بانتظار تأكيد العيادة',
  'visits.status.confirmed': 'محجوز',
  'visits.status.checked_in': 'سُجِّل وصولك',
  'visits.status.in_progress': 'زيارتك جارية',
  'visits.status.completed': 'تمّت',
  'visits.status.cancelled': 'ملغاة',
  'visits.status.no_show': 'فاتتك',
  'visits.status.expired': 'لم يُؤكَّد في الوقت',

  'rules.title': 'خطوات الزيارة',
  'rules.startBeforeCheckIn': 'يمكن بدء الزيارة قبل تسجيل وصول المريض',
  'rules.startBeforeCheckInHint':
    'عند الإيقاف: يسجّل الاستقبال وصول المريض أولًا ثم يبدأ الطبيب الزيارة. عند التشغيل: للأطباء الذين يستقبلون مرضاهم بأنفسهم.',
  'rules.onNow': 'يمكن بدء الزيارات قبل تسجيل الوصول.',
  'rules.offNow': 'يُسجَّل وصول المرضى قبل بدء زياراتهم.',
  'rules.ownerOnly': 'مالك العيادة وحده يغيّر هذا.',
  'rules.saved': 'تم الحفظ: حُدّثت خطوات الزيارة.',

  'setup.nameAr': 'الاسم بالعربية (اختياري)',
  'setup.nameArHint': 'يظهر لمن يستخدم كلينيكليك بالعربية.',
  'setup.languagesPick': 'اختر من القائمة؛ اكتب للبحث عن لغة.',

  'audit.entity.patient': 'المريض',
  'audit.entity.appointment': 'موعد',
  'audit.entity.appointment_series': 'سلسلة مواعيد',
  'audit.entity.user': 'شخص',
  'audit.entity.doctor': 'الطبيب',
  'audit.entity.service': 'الخدمة',
  'audit.entity.room': 'الغرفة',
  'audit.entity.invitation': 'دعوة إلى',
  'audit.entity.clinic': 'العيادة',
  'audit.entity.schedule_exception': 'إجازة أو ساعات إضافية',
  'audit.entity.calendar_feed': 'رابط التقويم',
  'audit.entity.other': 'أخرى',

  'schedule.slotOnDay': '{day} · {slot}',
  'schedule.serviceMode': '{service} · {mode}',
  'schedule.serviceOption': '{service} · {price}',
  'schedule.patientWithPhone': '{patient} · {phone}',
  'home.clinicZone': 'المنطقة الزمنية: {zone}. الأسعار بعملة {currency}.',
};
