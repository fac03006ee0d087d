import type { onboardingEn } from './onboarding.en';
import type { Translation } from './plural';

export const onboardingAr: Translation<typeof onboardingEn, 'ar'> = {
  'zones.none': 'لا توجد منطقة زمنية مطابقة. جرّب اسم مدينة أو دولة أو فرقًا مثل غرينتش+4.',

  'addDoctor.open': 'إضافة طبيب',
  'addDoctor.title': 'إضافة طبيب',
  'addDoctor.subtitle':
    'ادعُ الطبيب، ثم حدّد ملفه وخدماته وساعات عمله في المكان نفسه. يسري كل ذلك عندما يقبل الدعوة.',
  'addDoctor.step.invite': 'الدعوة',
  'addDoctor.step.profile': 'الملف',
  'addDoctor.step.services': 'الخدمات',
  'addDoctor.step.hours': 'الساعات',
  'addDoctor.inviteHint':
    'نرسل إليه بالبريد رابطًا للانضمام. لا يُرسل شيء قبل الخطوة الأخيرة، فيمكنك الرجوع وتغيير ما تشاء.',
  'addDoctor.stepNumbered': '{n}. {step}',
  'addDoctor.next': 'التالي',
  'addDoctor.back': 'رجوع',
  'addDoctor.optional': 'كل ما هنا اختياري، ويمكن للطبيب إكماله لاحقًا أيضًا.',
  'addDoctor.noServices':
    'لا توجد خدمات في العيادة بعد. أضفها في صفحة الخدمات والأطباء، ويمكنك اختيارها لهذا الطبيب هناك لاحقًا.',
  'addDoctor.hoursHint':
    'ساعات أسبوعية بتوقيت العيادة ({zone}). عُبّئت من الاثنين إلى الجمعة، من 9 إلى 5: غيّرها كما تحتاج.',
  'addDoctor.send': 'إرسال الدعوة',
  'addDoctor.sent':
    'أرسلنا دعوة إلى {email}. عندما يقبلها {name} يسري ملفه وخدماته وساعات عمله ويصبح متاحًا للحجز.',
  'addDoctor.another': 'إضافة طبيب آخر',
  'addDoctor.toTeam': 'عرض الفريق والدعوات المعلّقة',
  'addDoctor.summaryServices': {
    zero: 'لا يقدّم أي خدمة',
    one: 'يقدّم خدمة واحدة',
    two: 'يقدّم خدمتين',
    few: 'يقدّم {count} خدمات',
    many: 'يقدّم {count} خدمة',
    other: 'يقدّم {count} خدمة',
  },
  'addDoctor.summaryDays': {
    zero: 'لا يعمل أي يوم في الأسبوع',
    one: 'يعمل يومًا واحدًا في الأسبوع',
    two: 'يعمل يومين في الأسبوع',
    few: 'يعمل {count} أيام في الأسبوع',
    many: 'يعمل {count} يومًا في الأسبوع',
    other: 'يعمل {count} يوم في الأسبوع',
  },
  'addDoctor.summaryWhen': 'يسري عندما يقبل الدعوة.',
  'addDoctor.colSetup': 'جاهز عند انضمامه',
  'addDoctor.pendingServices': {
    zero: 'لا خدمات',
    one: 'خدمة واحدة',
    two: 'خدمتان',
    few: '{count} خدمات',
    many: '{count} خدمة',
    other: '{count} خدمة',
  },
  'addDoctor.pendingDays': {
    zero: 'بلا ساعات عمل',
    one: 'ساعات في يوم واحد',
    two: 'ساعات في يومين',
    few: 'ساعات في {count} أيام',
    many: 'ساعات في {count} يومًا',
    other: 'ساعات في {count} يوم',
  },
};
