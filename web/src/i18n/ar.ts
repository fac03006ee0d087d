import { accountAr } from './account.ar';
import { auditAr } from './audit.ar';
import { bookingAr } from './booking.ar';
import { calendarAr } from './calendar.ar';
import type { en } from './en';
import { frontdeskAr } from './frontdesk.ar';
import { mfaAr } from './mfa.ar';
import { noticesAr } from './notices.ar';
import { onboardingAr } from './onboarding.ar';
import { peopleAr } from './people.ar';
import type { Translation } from './plural';
import { queueAr } from './queue.ar';
import { schedulingAr } from './scheduling.ar';
import { siteAr } from './site.ar';
import { waitlistAr } from './waitlist.ar';
import { wordsAr } from './words.ar';

/** Arabic (right to left). Same keys as en.ts; TypeScript fails the build if one is missing. */
export const ar: Translation<typeof en, 'ar'> = {
  ...schedulingAr,
  ...frontdeskAr,
  ...peopleAr,
  ...auditAr,
  ...accountAr,
  ...mfaAr,
  ...onboardingAr,
  ...wordsAr,
  ...calendarAr,
  ...siteAr,
  ...bookingAr,
  ...noticesAr,
  ...waitlistAr,
  ...queueAr,
  'app.name': 'كلينيكليك',
  'app.tagline': 'يوم عيادتك كله في مكان واحد.',
  'common.loading': 'جارٍ التحميل…',
  'common.retry': 'حاول مرة أخرى',
  'common.signOut': 'تسجيل الخروج',
  'common.language': 'اللغة',
  'common.skipToContent': 'انتقل إلى المحتوى الرئيسي',
  'common.toggleNavigation': 'إظهار القائمة أو إخفاؤها',
  'common.mainNavigation': 'القائمة الرئيسية',
  'common.switchClinic': 'تبديل العيادة أو الدور',
  'common.yourAccount': 'حسابك',
  'common.clinicAndRole': '{clinic} · {role}',
  'common.none': '—',
  'roles.owner': 'المالك',
  'roles.doctor': 'الطبيب',
  'roles.secretary': 'الاستقبال',
  'roles.patient': 'المريض',
  'roles.admin': 'مدير المنصة',
  'status.active': 'نشطة',
  'status.suspended': 'موقوفة',

  'signIn.title': 'تسجيل الدخول',
  'signIn.subtitle': 'المواعيد والمرضى والمدفوعات لعيادتك.',
  'signIn.staffTab': 'فريق العيادة',
  'signIn.patientTab': 'المرضى',
  'signIn.email': 'البريد الإلكتروني',
  'signIn.password': 'كلمة المرور',
  'signIn.submit': 'دخول',
  'signIn.phone': 'رقم الجوال',
  'signIn.phoneHint': 'مع رمز الدولة، مثل ‎+1 555 555 0100',
  'signIn.sendCode': 'أرسل لي رمزًا',
  'signIn.codeSent': 'أرسلنا رمزًا من 6 أرقام برسالة نصية إلى {phone}.',
  'signIn.code': 'الرمز من الرسالة',
  'signIn.verify': 'دخول',
  'signIn.otherPhone': 'استخدم رقمًا آخر',
  'signIn.resend': 'أرسل رمزًا جديدًا',
  'signIn.sessionEnded': 'انتهت جلستك. سجّل الدخول مرة أخرى لتكمل من حيث توقفت.',
  'signIn.signedOut': 'لقد سجّلت الخروج.',
  'form.required': 'هذا الحقل مطلوب',
  'form.email': 'أدخل بريدًا إلكترونيًا مثل name@example.com.',
  'form.passwordShort': 'استخدم 10 أحرف على الأقل.',
  'form.timeOrder': 'يجب أن تكون النهاية بعد البداية.',

  'errors.title': 'لم تنجح العملية',
  'errors.invalid_credentials': 'البريد الإلكتروني وكلمة المرور غير متطابقين. تحقّق منهما وحاول مرة أخرى.',
  'errors.account_locked': 'محاولات خاطئة كثيرة. انتظر 15 دقيقة ثم حاول مرة أخرى.',
  'errors.account_disabled': 'هذا الحساب موقوف. اطلب المساعدة من مالك العيادة.',
  'errors.too_many_requests': 'محاولات كثيرة من هذا الجهاز. انتظر دقيقة ثم حاول مرة أخرى.',
  'errors.invalid_phone': 'أدخل الرقم مع رمز الدولة، مثل ‎+1 555 555 0100.',
  'errors.otp_invalid': 'الرمز غير صحيح. تحقّق من الرسالة وحاول مرة أخرى.',
  'errors.otp_expired': 'هذا الرمز لم يعد صالحًا. اطلب رمزًا جديدًا.',
  'errors.otp_locked': 'رموز خاطئة كثيرة. اطلب رمزًا جديدًا.',
  'errors.otp_cooldown': 'أُرسل رمز للتو. انتظر قليلًا قبل طلب رمز آخر.',
  'errors.validation_failed': 'بعض البيانات ناقصة أو غير صحيحة. راجع النموذج وحاول مرة أخرى.',
  'errors.invalid_text':
    'يحتوي اسم أو ملاحظة على حرف مخفي أو حرف تحكّم (غالبًا يُنسخ مع النص). اكتبه من جديد ثم حاول مرة أخرى.',
  'errors.date_out_of_range': 'أحد التواريخ بعيد جدًا في الماضي أو المستقبل. راجع التواريخ وحاول مرة أخرى.',
  'errors.csrf_failed': 'انتهت صلاحية هذه الصفحة. أعد تحميلها وحاول مرة أخرى.',
  'errors.clinic_suspended': 'هذه العيادة موقوفة. تواصل مع دعم كلينيكليك.',
  'errors.forbidden': 'ليست لديك صلاحية للوصول إلى هذا.',
  'errors.not_found': 'لم نعثر على ما تبحث عنه.',
  'errors.network': 'تعذّر الوصول إلى كلينيكليك. تحقّق من الاتصال بالإنترنت وحاول مرة أخرى.',
  'errors.generic': 'حدث خطأ من جهتنا. حاول مرة أخرى بعد قليل.',

  'nav.home': 'الرئيسية',
  'nav.clinics': 'العيادات',
  'nav.staff': 'الفريق',
  'nav.patients': 'المرضى',
  'nav.audit': 'سجل التدقيق',

  'home.greetingMorning': 'صباح الخير، {name}',
  'home.greetingAfternoon': 'مساء الخير، {name}',
  'home.greetingEvening': 'مساء الخير، {name}',
  'home.today': '{date} · {time} في {clinic}',
  'home.you': 'أنت',
  'home.email': 'البريد الإلكتروني',
  'home.phone': 'الهاتف',
  'home.role': 'دورك هنا',
  'home.yourClinics': 'عياداتك',
  'home.open': 'فتح',
  'home.current': 'أنت هنا',
  'home.todayAppointments': 'مواعيد اليوم',
  'home.todayAppointmentsEmpty': 'لا توجد مواعيد اليوم بعد. ستظهر الزيارات المحجوزة هنا.',
  'home.myAgenda': 'جدولي اليوم',
  'home.myAgendaEmpty': 'لا شيء في جدولك اليوم. سيظهر مرضاك المحجوزون هنا.',
  'home.team': 'الفريق',
  'home.teamCount': 'عدد أفراد الفريق',
  'home.nextVisit': 'زيارتك القادمة',
  'home.nextVisitEmpty': 'ليست لديك زيارات قادمة في {clinic}.',
  'home.noClinic': 'حسابك غير مرتبط بأي عيادة بعد. اطلب من عيادتك أن تدعوك.',

  'admin.title': 'نظرة عامة على المنصة',
  'admin.clinicsTitle': 'العيادات',
  'admin.clinicsTotal': 'عدد العيادات على المنصة',
  'admin.clinicsEmpty': 'لا توجد عيادات بعد.',
  'admin.colName': 'العيادة',
  'admin.colSlug': 'العنوان',
  'admin.colZone': 'المنطقة الزمنية',
  'admin.colCurrency': 'العملة',
  'admin.colStatus': 'الحالة',
  'admin.colCreated': 'تاريخ الانضمام',

  'notFound.title': 'الصفحة غير موجودة',
  'notFound.body': 'قد يكون الرابط قديمًا، أو ليست لديك صلاحية للوصول إليه.',
  'notFound.home': 'اذهب إلى صفحتي الرئيسية',
};
