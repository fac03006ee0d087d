/** The site's own languages (the clinic picks its default; a visitor switches with `?lang=`). */
export const SITE_LANGS = ['en', 'ar'] as const;
export type SiteLang = (typeof SITE_LANGS)[number];

export function isSiteLang(value: unknown): value is SiteLang {
  return typeof value === 'string' && (SITE_LANGS as readonly string[]).includes(value);
}

/** The visitor's choice when it is one of ours, else the clinic's language (its locale's). */
export function siteLangFor(asked: unknown, clinicLocale: string): SiteLang {
  if (isSiteLang(asked)) return asked;
  return clinicLocale.toLowerCase().startsWith('ar') ? 'ar' : 'en';
}

export const dirOf = (lang: SiteLang): 'rtl' | 'ltr' => (lang === 'ar' ? 'rtl' : 'ltr');

/** Words of the page frame (each slice of the site keeps its own words beside its pages). */
export const FRAME_WORDS = {
  en: {
    language: 'العربية',
    poweredBy: 'Booking by Cliniclick',
    notTakingBookings: 'This clinic is not taking bookings online at the moment.',
    notFound: 'This page does not exist.',
  },
  ar: {
    language: 'English',
    poweredBy: 'الحجز عبر Cliniclick',
    notTakingBookings: 'لا تستقبل هذه العيادة حجوزات عبر الإنترنت حاليًا.',
    notFound: 'هذه الصفحة غير موجودة.',
  },
} as const satisfies Record<SiteLang, Record<string, string>>;
