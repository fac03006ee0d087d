import type { SiteLang } from '../site/index.ts';

/** The waitlist pages' words (English and Arabic). */
export const OFFER_WORDS = {
  en: {
    title: 'A time for you',
    intro: 'A time you asked for on the waitlist is free:',
    with: 'with',
    answerBy: 'Answer by',
    take: 'Take this time',
    noThanks: 'No thanks',
    booked: 'Booked. We sent you a confirmation. See you then.',
    taken: 'Sorry, this time was just taken by someone else. You stay on the waitlist.',
    lapsed: 'This offer has lapsed. You stay on the waitlist and will hear of the next free time.',
    declined: 'Thank you. You stay on the waitlist for another time.',
    notFound: 'This offer does not exist. Check the link in your message.',
  },
  ar: {
    title: 'موعد لك',
    intro: 'توفر موعد طلبته على قائمة الانتظار:',
    with: 'مع',
    answerBy: 'أجب قبل',
    take: 'احجز هذا الموعد',
    noThanks: 'لا، شكرًا',
    booked: 'تم الحجز. أرسلنا لك تأكيدًا. نراك حينها.',
    taken: 'عذرًا، حجز شخص آخر هذا الموعد للتو. ما زلت على قائمة الانتظار.',
    lapsed: 'انتهت مهلة هذا العرض. ما زلت على قائمة الانتظار وسنخبرك بالموعد المتاح التالي.',
    declined: 'شكرًا لك. ما زلت على قائمة الانتظار لموعد آخر.',
    notFound: 'هذا العرض غير موجود. تحقق من الرابط في رسالتك.',
  },
} as const satisfies Record<SiteLang, Record<string, string>>;
