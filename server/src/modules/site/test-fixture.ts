/** A complete, valid body for `PUT …/site` (tests override fields). */
export function siteBody() {
  return {
    taglineEn: 'Care close to home',
    taglineAr: 'رعاية قريبة منك',
    aboutEn: 'We see families.',
    aboutAr: 'نستقبل العائلات.',
    addressLine: '1 Harbour Road',
    city: 'Springfield',
    latitude: 40.5,
    longitude: -73.25,
    mapUrl: null,
    phone: '+1 212 555 0100',
    email: 'hello@clinic.test',
    brandColor: '#AA3300',
    defaultLang: null,
    customHost: null,
    doctors: [] as { id: string; specialtyAr: string }[],
  };
}
