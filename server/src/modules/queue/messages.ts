import type { ClinicTx } from '../../platform/db/tenancy.ts';
import { enqueueMessage, type OutboxSignal } from '../../platform/notify/message.ts';

/** The queue's SMS to patients, in the clinic's language. */

type Lang = 'en' | 'ar';
const langOf = (locale: string): Lang => (locale.toLowerCase().startsWith('ar') ? 'ar' : 'en');

const TEXTS = {
  ticket: {
    en: (c: string, ticket: number, ahead: number, url: string) =>
      `${c}: you are checked in, ticket ${ticket}. ${ahead === 0 ? 'You are next.' : `${ahead} ahead of you.`} Follow your turn: ${url}`,
    ar: (c: string, ticket: number, ahead: number, url: string) =>
      `${c}: تم تسجيل وصولك، رقمك ${ticket}. ${ahead === 0 ? 'أنت التالي.' : `أمامك ${ahead}.`} تابع دورك: ${url}`,
  },
  next: {
    en: (c: string, doctor: string, url: string) =>
      `${c}: you're next for ${doctor}. Please stay close to the waiting room. ${url}`,
    ar: (c: string, doctor: string, url: string) =>
      `${c}: أنت التالي عند ${doctor}. يرجى البقاء قرب غرفة الانتظار. ${url}`,
  },
} as const;

export interface Clinic {
  name: string;
  locale: string;
}

export async function sendTicket(
  tx: ClinicTx,
  outbox: OutboxSignal,
  phone: string,
  m: { clinic: Clinic; ticket: number; ahead: number; url: string },
): Promise<void> {
  const body = TEXTS.ticket[langOf(m.clinic.locale)](m.clinic.name, m.ticket, m.ahead, m.url);
  await enqueueMessage(tx, outbox, { channel: 'sms', to: phone, body });
}

export async function sendYoureNext(
  tx: ClinicTx,
  outbox: OutboxSignal,
  phone: string,
  m: { clinic: Clinic; doctor: string; url: string },
): Promise<void> {
  const body = TEXTS.next[langOf(m.clinic.locale)](m.clinic.name, m.doctor, m.url);
  await enqueueMessage(tx, outbox, { channel: 'sms', to: phone, body });
}
