import { clockOf } from '@cliniclick/time';

/**
 * The clinic's opening hours as a visitor reads them: for each ISO weekday (1 Monday … 7 Sunday)
 * the union of every active doctor's weekly work intervals, merged where they touch or overlap.
 * Wall-clock minutes in the clinic's zone, as the rules are kept. Pure.
 */
export interface WeeklyInterval {
  weekday: number;
  start: number;
  end: number;
}

export interface DayHours {
  weekday: number;
  open: { from: string; to: string }[];
}

export function openingHours(rules: readonly WeeklyInterval[]): DayHours[] {
  const days: DayHours[] = [];
  for (let weekday = 1; weekday <= 7; weekday++) {
    const todays = rules
      .filter((r) => r.weekday === weekday && r.end > r.start)
      .sort((a, b) => a.start - b.start || a.end - b.end);
    const merged: { start: number; end: number }[] = [];
    for (const r of todays) {
      const last = merged[merged.length - 1];
      if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
      else merged.push({ start: r.start, end: r.end });
    }
    days.push({ weekday, open: merged.map((m) => ({ from: clockOf(m.start), to: clockOf(m.end) })) });
  }
  return days;
}

const SCHEMA_DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** schema.org `openingHoursSpecification` entries (one per open interval). */
export function openingHoursSpecification(days: readonly DayHours[]) {
  return days.flatMap((d) =>
    d.open.map((o) => ({
      '@type': 'OpeningHoursSpecification',
      dayOfWeek: `https://schema.org/${SCHEMA_DAYS[d.weekday - 1]}`,
      opens: o.from,
      closes: o.to === '24:00' ? '23:59' : o.to,
    })),
  );
}
