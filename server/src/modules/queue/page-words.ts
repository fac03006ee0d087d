import type { SiteLang } from '../site/index.ts';

/** The self check-in page (/c/{slug}/check-in), in English and Arabic. */
export const CHECK_IN_WORDS: Record<
  SiteLang,
  {
    title: string;
    intro: string;
    phone: string;
    code: string;
    codeHint: string;
    send: string;
    wrongCode: string;
    noAppointment: string;
    invalidPhone: string;
    tooMany: string;
  }
> = {
  en: {
    title: 'I’m here: check in',
    intro: 'Arrived for your appointment today? Check yourself in and follow your turn on your phone.',
    phone: 'Mobile phone (the one you booked with)',
    code: 'Today’s code',
    codeHint: 'The 4 digits shown on the screen at the desk',
    send: 'Check me in',
    wrongCode: 'That is not today’s code. Read it again from the screen at the desk.',
    noAppointment: 'We found no appointment today for this phone number. Please ask at the desk.',
    invalidPhone: 'Enter the phone number with its country code, e.g. +1 555 555 0100.',
    tooMany: 'Too many tries. Please ask at the desk.',
  },
  ar: {
    title: 'وصلت: تسجيل الحضور',
    intro: 'وصلت لموعدك اليوم؟ سجّل حضورك بنفسك وتابع دورك من هاتفك.',
    phone: 'رقم الجوال (الذي حجزت به)',
    code: 'رمز اليوم',
    codeHint: 'الأرقام الأربعة الظاهرة على الشاشة عند الاستقبال',
    send: 'سجّل حضوري',
    wrongCode: 'هذا ليس رمز اليوم. اقرأه مجددًا من الشاشة عند الاستقبال.',
    noAppointment: 'لم نجد موعدًا اليوم لهذا الرقم. يرجى السؤال عند الاستقبال.',
    invalidPhone: 'أدخل رقم الهاتف مع رمز الدولة، مثل ‎+1 555 555 0100.',
    tooMany: 'محاولات كثيرة. يرجى السؤال عند الاستقبال.',
  },
};
