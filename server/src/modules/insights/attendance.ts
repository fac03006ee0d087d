import { addDays, localTimeOf, mondayOf } from '@cliniclick/time';

/**
 * No-show measurement (issue 12, item 7), pure: appointments with their outcome → rates per week
 * and per doctor. A rate is null when there is nothing to divide by, and the reminder figures are
 * null when the clinic has no record of patients confirming (never a made-up number).
 */

export interface Visit {
  doctorId: string;
  doctorName: string;
  status: string;
  startsAt: Date;
  createdAt: Date;
  /** For a cancelled appointment: who cancelled it (null: unknown). */
  cancelledBy: 'patient' | 'clinic' | null;
  /** Whether the cancelled appointment was ever more than a hold (holds that fall away are not cancellations). */
  cancelledFromHold: boolean;
  /** When the patient confirmed they would come (a reminder's answer); undefined: not recorded. */
  confirmedAt?: Date | null | undefined;
}

export interface AttendanceRow {
  key: string;
  label: string;
  /** Visits that were due: attended (checked in, in progress, completed) plus no-shows. */
  due: number;
  attended: number;
  noShows: number;
  noShowRate: number | null;
  cancelled: number;
  cancelledByPatient: number;
  cancelledByClinic: number;
  /** Due visits whose patient confirmed attendance; null when confirmations are not recorded. */
  confirmed: number | null;
  confirmationRate: number | null;
  /** Of the due visits the patient confirmed, how many were no-shows (what confirmation predicts). */
  noShowRateConfirmed: number | null;
  medianLeadHours: number | null;
}

const ATTENDED = new Set(['checked_in', 'in_progress', 'completed']);

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

const ratio = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 1000) / 1000);

export function summarize(
  key: string,
  label: string,
  visits: Visit[],
  confirmationsRecorded: boolean,
): AttendanceRow {
  const due = visits.filter((v) => ATTENDED.has(v.status) || v.status === 'no_show');
  const noShows = due.filter((v) => v.status === 'no_show').length;
  const cancelled = visits.filter((v) => v.status === 'cancelled' && !v.cancelledFromHold);
  const confirmedDue = confirmationsRecorded ? due.filter((v) => v.confirmedAt) : [];
  const leads = due
    .map((v) => (v.startsAt.getTime() - v.createdAt.getTime()) / 3_600_000)
    .filter((h) => h >= 0);
  const lead = median(leads);
  return {
    key,
    label,
    due: due.length,
    attended: due.length - noShows,
    noShows,
    noShowRate: ratio(noShows, due.length),
    cancelled: cancelled.length,
    cancelledByPatient: cancelled.filter((v) => v.cancelledBy === 'patient').length,
    cancelledByClinic: cancelled.filter((v) => v.cancelledBy === 'clinic').length,
    confirmed: confirmationsRecorded ? confirmedDue.length : null,
    confirmationRate: confirmationsRecorded ? ratio(confirmedDue.length, due.length) : null,
    noShowRateConfirmed: confirmationsRecorded
      ? ratio(confirmedDue.filter((v) => v.status === 'no_show').length, confirmedDue.length)
      : null,
    medianLeadHours: lead === null ? null : Math.round(lead * 10) / 10,
  };
}

export interface Attendance {
  weeks: AttendanceRow[];
  doctors: AttendanceRow[];
  total: AttendanceRow;
  confirmationsRecorded: boolean;
}

/** Weeks start on the local Monday; every week of [fromDate, toDate] is listed, empty ones too. */
export function attendance(
  visits: Visit[],
  opts: { timeZone: string; fromDate: string; toDate: string; confirmationsRecorded: boolean },
): Attendance {
  const rec = opts.confirmationsRecorded;
  const byWeek = new Map<string, Visit[]>();
  for (let w = mondayOf(opts.fromDate); w <= opts.toDate; w = addDays(w, 7)) byWeek.set(w, []);
  const byDoctor = new Map<string, { name: string; visits: Visit[] }>();
  for (const v of visits) {
    const week = mondayOf(localTimeOf(v.startsAt, opts.timeZone).day);
    byWeek.get(week)?.push(v);
    const d = byDoctor.get(v.doctorId) ?? { name: v.doctorName, visits: [] };
    d.visits.push(v);
    byDoctor.set(v.doctorId, d);
  }
  return {
    weeks: [...byWeek.entries()].map(([week, vs]) => summarize(week, week, vs, rec)),
    doctors: [...byDoctor.entries()]
      .map(([id, d]) => summarize(id, d.name, d.visits, rec))
      .sort((a, b) => a.label.localeCompare(b.label)),
    total: summarize('total', 'total', visits, rec),
    confirmationsRecorded: rec,
  };
}
