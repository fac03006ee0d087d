import type { SiteLang } from './words.ts';

/** Words of the clinic's home page (the frame's are in words.ts). */
export const HOME_WORDS = {
  en: {
    book: 'Book an appointment',
    bookService: 'Book',
    bookDoctor: 'Book with this doctor',
    address: 'Address',
    map: 'Open the map',
    phone: 'Phone',
    email: 'Email',
    hours: 'Opening hours',
    hoursNote: 'Times in the clinic’s time zone',
    closed: 'Closed',
    doctors: 'Our doctors',
    services: 'Services',
    languages: 'Speaks',
    minutes: (n: number) => `${n} min`,
    online: 'Online',
    contact: 'Contact',
    about: 'About us',
    noDoctors: 'The clinic has not listed its doctors yet.',
    noServices: 'The clinic has not listed its services yet.',
  },
  ar: {
    book: 'احجز موعدًا',
    bookService: 'احجز',
    bookDoctor: 'احجز مع هذا الطبيب',
    address: 'العنوان',
    map: 'افتح الخريطة',
    phone: 'الهاتف',
    email: 'البريد الإلكتروني',
    hours: 'ساعات العمل',
    hoursNote: 'الأوقات بتوقيت العيادة',
    closed: 'مغلق',
    doctors: 'أطباؤنا',
    services: 'الخدمات',
    languages: 'يتحدث',
    minutes: (n: number) => `${n} دقيقة`,
    online: 'عبر الإنترنت',
    contact: 'تواصل معنا',
    about: 'من نحن',
    noDoctors: 'لم تُدرج العيادة أطباءها بعد.',
    noServices: 'لم تُدرج العيادة خدماتها بعد.',
  },
} satisfies Record<SiteLang, Record<string, string | ((n: number) => string)>>;

/** Intl locale of a site language: Arabic with Latin digits, as the web app writes them. */
export const intlLocale = (lang: SiteLang) => (lang === 'ar' ? 'ar-u-nu-latn' : 'en');

/** A price in minor units, in the clinic's currency and the page's language. */
export function formatPrice(minor: number, currency: string, lang: SiteLang): string {
  const f = new Intl.NumberFormat(intlLocale(lang), { style: 'currency', currency });
  const digits = f.resolvedOptions().maximumFractionDigits ?? 2;
  return f.format(minor / 10 ** digits);
}

/** A weekday's name (ISO 1 Monday … 7 Sunday). 2024-01-01 was a Monday. */
export function weekdayName(weekday: number, lang: SiteLang): string {
  return new Intl.DateTimeFormat(intlLocale(lang), { weekday: 'long', timeZone: 'UTC' }).format(
    Date.UTC(2024, 0, weekday),
  );
}

/** A wall-clock "HH:MM" as the page's language writes a time (9:00 AM, 9:00 ص). */
export function clockText(hhmm: string, lang: SiteLang): string {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return new Intl.DateTimeFormat(intlLocale(lang), {
    hour: 'numeric',
    minute: '2-digit',
    timeZone: 'UTC',
  }).format(Date.UTC(2024, 0, 1, h % 24, m));
}

/** A language code the doctor speaks, named in the page's language (en → English / الإنجليزية). */
export function languageName(code: string, lang: SiteLang): string {
  if (!/^[a-z]{2,3}$/i.test(code)) return code;
  try {
    return new Intl.DisplayNames([intlLocale(lang)], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}
