import type { NoticeKind } from './tables.ts';

export type NoticeLang = 'en' | 'ar';

/** What a notice says about an appointment. */
export interface NoticeFacts {
  clinicName: string;
  serviceName: string;
  doctorName: string;
  startsAt: Date;
  timeZone: string;
  /** The self-service page (absent for messages about a visit that is over: declined, cancelled). */
  link?: string | undefined;
  reason?: string | null | undefined;
}

export interface ComposedNotice {
  sms: string;
  subject: string;
  email: string;
}

/** The visit's time in the clinic's zone, in the reader's language (Arabic digits and names for ar). */
export function formatWhen(at: Date, timeZone: string, lang: NoticeLang): string {
  return new Intl.DateTimeFormat(lang === 'ar' ? 'ar' : 'en-GB', {
    timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(at);
}

/** Messages are plain text: control characters in names would corrupt an SMS or a header. */
function plain(s: string): string {
  return s.replace(/\p{Cc}+/gu, ' ').trim();
}

const HEAD: Record<NoticeLang, Record<NoticeKind, string>> = {
  en: {
    requested: 'We received your booking request; the clinic will confirm it soon',
    confirmed: 'Your appointment is confirmed',
    declined: 'Sorry, the clinic could not accept your booking request',
    cancelled: 'Your appointment has been cancelled',
    rescheduled: 'Your appointment has been moved',
    reminder: 'Reminder of your appointment',
  },
  ar: {
    requested: 'تلقينا طلب حجزك، وستؤكده العيادة قريبًا',
    confirmed: 'تم تأكيد موعدك',
    declined: 'نعتذر، لم تتمكن العيادة من قبول طلب حجزك',
    cancelled: 'تم إلغاء موعدك',
    rescheduled: 'تم تغيير موعد زيارتك',
    reminder: 'تذكير بموعدك',
  },
};

const WORDS = {
  en: { with: 'with', reason: 'Reason', manage: 'View, add to calendar, confirm, cancel or change' },
  ar: {
    with: 'مع',
    reason: 'السبب',
    manage: 'للعرض أو الإضافة إلى التقويم أو التأكيد أو الإلغاء أو التغيير',
  },
} as const;

/** The SMS and the email of one notice, in the patient's language, times in the clinic's zone. */
export function composeNotice(kind: NoticeKind, lang: NoticeLang, f: NoticeFacts): ComposedNotice {
  const w = WORDS[lang];
  const head = HEAD[lang][kind];
  const clinic = plain(f.clinicName);
  const what = `${plain(f.serviceName)} ${w.with} ${plain(f.doctorName)}`;
  const when = formatWhen(f.startsAt, f.timeZone, lang);
  const reason = f.reason?.trim() ? `${w.reason}: ${plain(f.reason)}` : '';
  const link = f.link ? `${w.manage}: ${f.link}` : '';
  const sms = [`${clinic}: ${head}.`, `${what}, ${when}.`, reason, link].filter(Boolean).join(' ');
  const email = [`${head}.`, `${what}\n${when}`, reason, link, clinic].filter(Boolean).join('\n\n');
  return { sms, subject: `${clinic}: ${head}`, email };
}
