import type { ClinicTx } from '../../platform/db/tenancy.ts';
import { enqueueMessage, type OutboxSignal } from '../../platform/notify/message.ts';
import type { ClinicFacts } from './repo.ts';

/** The waitlist's messages to patients, in the clinic's language, times in the clinic's zone. */

export type Lang = 'en' | 'ar';
export const langOf = (locale: string): Lang => (locale.toLowerCase().startsWith('ar') ? 'ar' : 'en');

export function whenText(at: Date, clinic: ClinicFacts, lang: Lang): string {
  return new Intl.DateTimeFormat(lang === 'ar' ? 'ar' : 'en-GB', {
    timeZone: clinic.timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(at);
}

export interface Recipient {
  phone: string | null;
  email: string | null;
}

const TEXTS = {
  offer: {
    en: (c: string, doctor: string, when: string, minutes: number, url: string) =>
      `${c}: a time you asked for is free: ${when} with ${doctor}. Take it within ${minutes} minutes: ${url}`,
    ar: (c: string, doctor: string, when: string, minutes: number, url: string) =>
      `${c}: توفر موعد طلبته: ${when} مع ${doctor}. احجزه خلال ${minutes} دقيقة: ${url}`,
  },
  gone: {
    en: (c: string, when: string) =>
      `${c}: the time ${when} you were offered has just been taken. You stay on the waitlist.`,
    ar: (c: string, when: string) =>
      `${c}: الموعد ${when} الذي عُرض عليك حُجز للتو. ما زلت على قائمة الانتظار.`,
  },
  booked: {
    en: (c: string, doctor: string, when: string) => `${c}: booked: ${when} with ${doctor}. See you then.`,
    ar: (c: string, doctor: string, when: string) => `${c}: تم الحجز: ${when} مع ${doctor}. نراك حينها.`,
  },
} as const;

async function send(tx: ClinicTx, outbox: OutboxSignal, to: Recipient, subject: string, body: string) {
  if (to.phone) await enqueueMessage(tx, outbox, { channel: 'sms', to: to.phone, body });
  else if (to.email) await enqueueMessage(tx, outbox, { channel: 'email', to: to.email, subject, body });
}

export function offerUrl(publicUrl: string, slug: string, token: string): string {
  return `${publicUrl.replace(/\/$/, '')}/c/${slug}/waitlist/offer/${token}`;
}

export function sendOffer(
  tx: ClinicTx,
  outbox: OutboxSignal,
  to: Recipient,
  m: { clinic: ClinicFacts; doctor: string; at: Date; minutes: number; url: string },
) {
  const lang = langOf(m.clinic.locale);
  const body = TEXTS.offer[lang](m.clinic.name, m.doctor, whenText(m.at, m.clinic, lang), m.minutes, m.url);
  return send(tx, outbox, to, lang === 'ar' ? 'موعد متاح' : 'A time is free', body);
}

export function sendGone(
  tx: ClinicTx,
  outbox: OutboxSignal,
  to: Recipient,
  m: { clinic: ClinicFacts; at: Date },
) {
  const lang = langOf(m.clinic.locale);
  const body = TEXTS.gone[lang](m.clinic.name, whenText(m.at, m.clinic, lang));
  return send(tx, outbox, to, lang === 'ar' ? 'الموعد لم يعد متاحًا' : 'That time was taken', body);
}

export function sendBooked(
  tx: ClinicTx,
  outbox: OutboxSignal,
  to: Recipient,
  m: { clinic: ClinicFacts; doctor: string; at: Date },
) {
  const lang = langOf(m.clinic.locale);
  const body = TEXTS.booked[lang](m.clinic.name, m.doctor, whenText(m.at, m.clinic, lang));
  return send(tx, outbox, to, lang === 'ar' ? 'تم الحجز' : 'Booked', body);
}
