import type { SiteLang } from '../../site/index.ts';

/** The booking pages' words, English and Arabic. */
export const BOOK_WORDS = {
  en: {
    book: 'Book a visit',
    chooseService: 'Choose a service',
    chooseDoctor: 'Choose a doctor',
    anyDoctor: 'First available doctor',
    chooseDay: 'Choose a day',
    chooseTime: 'Choose a time',
    recommended: 'Suggested',
    noTimes: 'No free times this day. Pick another day.',
    noServices: 'Online booking is not open yet.',
    free: (n: number) => (n === 1 ? '1 time' : `${n} times`),
    closed: 'Full',
    later: 'Later days',
    back: 'Back',
    minutes: (n: number) => `${n} min`,
    needsApproval: 'The clinic confirms this visit',
    taken: 'That time was just taken. Pick another.',
    expired: 'Your held time ran out. Pick a time again.',
    heldUntil: (t: string) => `Held for you until ${t}`,
    yourDetails: 'Your details',
    name: 'Full name',
    phone: 'Mobile number (with country code)',
    email: 'Email (optional)',
    sendCode: 'Send me a code',
    codeSent: (p: string) => `We sent a 6-digit code by SMS to ${p}.`,
    code: 'Code',
    confirm: 'Confirm booking',
    resend: 'Send a new code',
    confirmed: 'Your visit is booked',
    requested: 'Request sent — the clinic will confirm',
    requestedNote: 'You will get an SMS when the clinic answers.',
    when: 'When',
    doctor: 'Doctor',
    service: 'Service',
    robot: 'Leave this empty',
    forbidden: 'This form has expired. Start again.',
    limited: (s: number) => `Too many tries. Try again in ${Math.ceil(s / 60)} minute(s).`,
    problem: 'Something is not right; check and try again.',
  },
  ar: {
    book: 'احجز موعدًا',
    chooseService: 'اختر الخدمة',
    chooseDoctor: 'اختر الطبيب',
    anyDoctor: 'أول طبيب متاح',
    chooseDay: 'اختر اليوم',
    chooseTime: 'اختر الوقت',
    recommended: 'مقترح',
    noTimes: 'لا توجد أوقات متاحة في هذا اليوم. اختر يومًا آخر.',
    noServices: 'الحجز عبر الإنترنت غير متاح بعد.',
    free: (n: number) => (n === 1 ? 'وقت واحد' : `${n} أوقات`),
    closed: 'محجوز بالكامل',
    later: 'أيام لاحقة',
    back: 'رجوع',
    minutes: (n: number) => `${n} دقيقة`,
    needsApproval: 'تؤكد العيادة هذا الموعد',
    taken: 'حُجز هذا الوقت للتو. اختر وقتًا آخر.',
    expired: 'انتهت مدة حجز الوقت لك. اختر وقتًا من جديد.',
    heldUntil: (t: string) => `الوقت محجوز لك حتى ${t}`,
    yourDetails: 'بياناتك',
    name: 'الاسم الكامل',
    phone: 'رقم الجوال (مع رمز الدولة)',
    email: 'البريد الإلكتروني (اختياري)',
    sendCode: 'أرسل لي رمزًا',
    codeSent: (p: string) => `أرسلنا رمزًا من 6 أرقام برسالة نصية إلى ${p}.`,
    code: 'الرمز',
    confirm: 'تأكيد الحجز',
    resend: 'أرسل رمزًا جديدًا',
    confirmed: 'تم حجز موعدك',
    requested: 'أُرسل الطلب — ستؤكد العيادة الموعد',
    requestedNote: 'ستصلك رسالة نصية عندما ترد العيادة.',
    when: 'الموعد',
    doctor: 'الطبيب',
    service: 'الخدمة',
    robot: 'اترك هذا الحقل فارغًا',
    forbidden: 'انتهت صلاحية هذا النموذج. ابدأ من جديد.',
    limited: (s: number) => `محاولات كثيرة. حاول مرة أخرى بعد ${Math.ceil(s / 60)} دقيقة.`,
    problem: 'هناك خطأ؛ تحقق وحاول مرة أخرى.',
  },
} as const satisfies Record<SiteLang, Record<string, unknown>>;

export type BookWords = (typeof BOOK_WORDS)[SiteLang];

/** A time or day in the clinic's zone, in the page's language. */
export function formatAt(
  lang: SiteLang,
  timeZone: string,
  iso: string,
  what: 'time' | 'day' | 'both',
): string {
  const opts: Intl.DateTimeFormatOptions =
    what === 'time'
      ? { hour: 'numeric', minute: '2-digit' }
      : what === 'day'
        ? { weekday: 'short', day: 'numeric', month: 'short' }
        : { weekday: 'long', day: 'numeric', month: 'long', hour: 'numeric', minute: '2-digit' };
  return new Intl.DateTimeFormat(lang === 'ar' ? 'ar' : 'en-GB', { ...opts, timeZone }).format(new Date(iso));
}
