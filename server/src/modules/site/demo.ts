import type { Database } from '../../platform/db/database.ts';
import { systemActor } from '../../platform/db/database.ts';
import { withClinic } from '../../platform/db/tenancy.ts';
import { drawCrossLogo } from './logo.ts';
import * as repo from './repo.ts';

type Profile = repo.SiteColumns & { customHost: null };

/** The demo clinics' websites: a profile in the clinic's own city, so /c/demo looks real. */
const NEW_YORK: Profile = {
  taglineEn: 'Family medicine and dentistry on the Upper West Side',
  taglineAr: 'طب الأسرة وطب الأسنان في الجانب الغربي العلوي',
  aboutEn:
    'We see adults and children for check-ups, follow-ups and dental care.\n\nBook online in a minute: pick a service, a time, and confirm with a code sent to your phone.',
  aboutAr:
    'نستقبل البالغين والأطفال للفحوصات والمتابعة والعناية بالأسنان.\n\nاحجز عبر الإنترنت في دقيقة: اختر الخدمة والموعد، ثم أكّد برمز يصلك على هاتفك.',
  addressLine: '2150 Broadway, Suite 4',
  city: 'New York, NY 10023',
  latitude: 40.7813,
  longitude: -73.9811,
  mapUrl: null,
  phone: '+1 212 555 0100',
  email: 'hello@demo.cliniclick.test',
  brandColor: '#0b7285',
  defaultLang: null,
  customHost: null,
};

const DUBAI: Profile = {
  taglineEn: 'Your family clinic in Jumeirah',
  taglineAr: 'عيادة عائلتك في جميرا',
  aboutEn: 'General practice and dental care for the whole family, in English and Arabic.',
  aboutAr: 'طب عام ورعاية أسنان لكل أفراد العائلة، باللغتين العربية والإنجليزية.',
  addressLine: 'Jumeirah Beach Road, Villa 12',
  city: 'Dubai',
  latitude: 25.2048,
  longitude: 55.2708,
  mapUrl: null,
  phone: '+971 4 555 0100',
  email: 'dubai@demo.cliniclick.test',
  brandColor: '#5f3dc4',
  defaultLang: null,
  customHost: null,
};

const SPECIALTIES_AR: Record<string, string> = {
  'General practice': 'طب عام',
  Dentistry: 'طب الأسنان',
  Paediatrics: 'طب الأطفال',
};

/** Seeds the site of a demo clinic; does nothing when it already has one. */
export async function seedSiteDemo(db: Database, clinicId: string): Promise<void> {
  await withClinic(db, clinicId, systemActor, async (tx) => {
    if (await repo.readSite(tx)) return;
    const { slug } = await repo.clinicAddressOf(tx);
    const { customHost: _none, ...fields } = slug.includes('dubai') ? DUBAI : NEW_YORK;
    await repo.writeSite(tx, fields, null);
    // The scheduling demo's specialties, in Arabic (its seed runs before this one).
    const doctors = await repo.publicDoctors(tx);
    await repo.writeDoctorTexts(
      tx,
      doctors.flatMap((d) => {
        const ar = d.specialty ? SPECIALTIES_AR[d.specialty] : undefined;
        return ar ? [{ id: d.id, specialtyAr: ar }] : [];
      }),
    );
    await repo.writeLogo(
      tx,
      { bytes: drawCrossLogo(fields.brandColor ?? '#0b7285'), mime: 'image/png' },
      null,
    );
  });
}
