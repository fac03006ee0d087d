import type { components } from '../../api/schema';

type NotArrived = components['schemas']['QueueNotArrived'];

/** Whole minutes from `since` to `now` (never negative). */
export function minutesSince(since: string | null | undefined, now: number): number {
  if (!since) return 0;
  return Math.max(0, Math.floor((now - Date.parse(since)) / 60_000));
}

/** Lower-case letters and digits only: "+1 (555) 010-0" and "Sara  Ali" compare as typed. */
const fold = (s: string) =>
  s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '');
const digits = (s: string) => s.replace(/\D/g, '');

/** Today's not-arrived appointments that match what the desk typed: name words or phone digits. */
export function matchNotArrived(list: readonly NotArrived[], typed: string): NotArrived[] {
  const q = fold(typed.trim());
  if (!q) return [];
  const qDigits = digits(q);
  const words = q.split(/\s+/);
  return list.filter((a) => {
    if (qDigits.length >= 3 && qDigits.length === q.replace(/[\s+()-]/g, '').length)
      return digits(a.patientPhone ?? '').includes(qDigits);
    const name = fold(a.patientName);
    return words.every((w) => name.includes(w));
  });
}

/**
 * Whether the typed text looks like an appointment's check-in code (the patient's QR, read by a
 * scanner as typed characters): one word of 8+ letters and digits with at least one digit.
 */
export function looksLikeCode(typed: string): boolean {
  const s = typed.trim();
  return /^[A-Za-z0-9]{8,}$/.test(s) && /\d/.test(s) && /[A-Za-z]/.test(s);
}
