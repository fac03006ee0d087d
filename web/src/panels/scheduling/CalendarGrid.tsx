import { hourMarks, localTimeOf } from '@cliniclick/time';
import { Group, Text, VisuallyHidden } from '@mantine/core';
import { IconStarFilled } from '@tabler/icons-react';
import { useT } from '../../i18n';
import { usePlace } from '../../ui/place';
import type { Appointment, Slot } from './api';
import classes from './calendar.module.css';
import { EmptyTime } from './EmptyTime';
import { isInactive, StatusBadge } from './status';

/** 96px an hour: a quarter-hour (the slot grid) is 24px, tall enough for a one-line button. */
const HOUR_PX = 96;
const px = (minutes: number) => (minutes / 60) * HOUR_PX;

export interface CalendarColumn {
  key: string;
  /** The local day the column shows. */
  day: string;
  label: string;
  /** A second header line (the date under a weekday). */
  sub?: string;
  today: boolean;
  appointments: Appointment[];
  /** Free starts, one entry per time (several doctors may be free then), recommended flagged. */
  free: Array<{ start: string; slots: Slot[]; recommended: boolean }>;
}

interface Placed {
  a: Appointment;
  top: number;
  height: number;
  lane: number;
  lanes: number;
}

/** Side-by-side lanes for overlapping appointments (a cancelled visit and its rebooking, say). */
function layout(items: Appointment[], zone: string, day: string, startMin: number, endMin: number): Placed[] {
  const spans = items
    .map((a) => {
      const s = localTimeOf(a.startsAt, zone);
      const e = localTimeOf(a.endsAt, zone);
      const from = s.day < day ? 0 : s.minutes;
      const to = e.day > day ? 24 * 60 : e.minutes;
      return { a, from: Math.max(from, startMin), to: Math.min(Math.max(to, from + 15), endMin) };
    })
    .sort((x, y) => x.from - y.from || y.to - x.to);
  const placed: Placed[] = [];
  let cluster: Placed[] = [];
  let clusterEnd = -1;
  let laneEnds: number[] = [];
  const close = () => {
    for (const p of cluster) p.lanes = laneEnds.length;
    cluster = [];
    laneEnds = [];
  };
  for (const s of spans) {
    if (s.from >= clusterEnd) close();
    let lane = laneEnds.findIndex((end) => end <= s.from);
    if (lane < 0) lane = laneEnds.push(s.to) - 1;
    else laneEnds[lane] = s.to;
    const p = { a: s.a, top: px(s.from - startMin), height: Math.max(px(s.to - s.from), 22), lane, lanes: 1 };
    cluster.push(p);
    placed.push(p);
    clusterEnd = Math.max(clusterEnd, s.to);
  }
  close();
  return placed;
}

function Block({
  p,
  showDoctor,
  onOpen,
}: {
  p: Placed;
  showDoctor: boolean;
  onOpen: (a: Appointment) => void;
}) {
  const { format } = usePlace();
  const { a } = p;
  const compact = p.height < 44;
  const cls = [
    classes.block,
    a.status === 'pending' && classes.pending,
    isInactive(a.status) && classes.inactive,
  ]
    .filter(Boolean)
    .join(' ');
  const color = a.serviceColor ?? '#868e96';
  return (
    <button
      type="button"
      className={cls}
      data-testid="appointment"
      data-id={a.id}
      data-status={a.status}
      onClick={() => onOpen(a)}
      style={{
        top: p.top,
        height: p.height,
        insetInlineStart: `calc(${(p.lane / p.lanes) * 100}% + 2px)`,
        width: `calc(${100 / p.lanes}% - 4px)`,
        background: isInactive(a.status)
          ? 'repeating-linear-gradient(135deg, var(--mantine-color-gray-1) 0 6px, var(--mantine-color-white) 6px 12px)'
          : `color-mix(in srgb, ${color} 16%, white)`,
        borderInlineStartColor: color,
      }}
    >
      {compact ? (
        <Group gap={4} wrap="nowrap">
          <VisuallyHidden>{format.time(a.startsAt)}</VisuallyHidden>
          <StatusBadge status={a.status} size="xs" />
          <span className={`${classes.who} ${classes.line}`}>{a.patientName}</span>
        </Group>
      ) : (
        <>
          <Group gap={4} wrap="nowrap">
            <StatusBadge status={a.status} size="xs" />
            <span className={classes.line}>{format.time(a.startsAt)}</span>
          </Group>
          <div className={`${classes.who} ${classes.line}`}>{a.patientName}</div>
          <div className={classes.line}>{a.serviceName}</div>
          {showDoctor && <div className={classes.line}>{a.doctorName}</div>}
        </>
      )}
    </button>
  );
}

const SLOT_PX = 23;

/**
 * Free-time buttons at their times; one that would overlap the one above (a start five minutes
 * after another, after a buffer) slides just below it. Its label still says the exact time.
 */
function placeFree(free: CalendarColumn['free'], zone: string, startMin: number, endMin: number) {
  const out: Array<{ f: CalendarColumn['free'][number]; top: number }> = [];
  let next = 0;
  for (const f of [...free].sort((a, b) => a.start.localeCompare(b.start))) {
    const m = localTimeOf(f.start, zone).minutes;
    if (m < startMin || m >= endMin) continue;
    const top = Math.max(px(m - startMin) + 1, next);
    out.push({ f, top });
    next = top + SLOT_PX;
  }
  return out;
}

export function CalendarGrid({
  columns,
  minWidth,
  startMin,
  endMin,
  showDoctor,
  freeLabel,
  label,
  onOpen,
  onBook,
  onPickTime,
}: {
  columns: CalendarColumn[];
  minWidth: number;
  startMin: number;
  endMin: number;
  showDoctor: boolean;
  /** The doctor (or "a doctor") a free slot books with, for its accessible name. */
  freeLabel: (slots: Slot[]) => string;
  label: string;
  onOpen: (a: Appointment) => void;
  onBook: (slots: Slot[]) => void;
  /** A click on an empty time of a column: book then (its doctor in the day view). */
  onPickTime?: (column: CalendarColumn, startsAt: string) => void;
}) {
  const t = useT();
  const { format, place } = usePlace();
  const zone = place.kind === 'clinic' ? place.membership.clinicTimeZone : 'UTC';
  const height = px(endMin - startMin);
  const anyFree = columns.some((c) => c.free.length > 0);
  const now = localTimeOf(new Date(), zone);
  const first = columns[0]?.day ?? now.day;
  const hours = hourMarks(first, startMin, endMin, zone);
  return (
    // The wide calendar scrolls inside its own region, which the keyboard can reach and scroll.
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable
    <section className={classes.scroller} tabIndex={0} aria-label={label} data-testid="calendar">
      <div
        className={classes.grid}
        style={{ gridTemplateColumns: `64px repeat(${columns.length}, minmax(${minWidth}px, 1fr))` }}
      >
        <div className={classes.head} style={{ borderInlineStart: 0 }} />
        {columns.map((c) => (
          <div key={c.key} className={`${classes.head} ${c.today ? classes.headToday : ''}`}>
            <Group gap={4} justify="space-between" wrap="nowrap">
              <div style={{ minWidth: 0 }}>
                <Text size="sm" fw={600} truncate>
                  {c.label}
                </Text>
                {c.sub && (
                  <Text size="xs" truncate>
                    {c.sub}
                  </Text>
                )}
              </div>
              {anyFree && (
                <Text size="xs" c="dimmed" className={classes.railHead}>
                  {t('schedule.freeTimes')}
                </Text>
              )}
            </Group>
          </div>
        ))}
        <div className={classes.gutter} style={{ height }}>
          {hours.map((h) => (
            <span
              key={h.minutes}
              className={classes.hourLabel}
              style={{ top: Math.max(px(h.minutes - startMin), 8) }}
            >
              {format.time(h.at)}
            </span>
          ))}
        </div>
        {columns.map((c) => (
          <div key={c.key} className={classes.column} style={{ height }} data-testid={`column-${c.key}`}>
            <div className={classes.appointments} style={{ insetInlineEnd: anyFree ? 84 : 0 }}>
              {onPickTime && (
                <EmptyTime
                  day={c.day}
                  startMin={startMin}
                  endMin={endMin}
                  hourPx={HOUR_PX}
                  onPick={(at) => onPickTime(c, at)}
                />
              )}
              {layout(c.appointments, zone, c.day, startMin, endMin).map((p) => (
                <Block key={p.a.id} p={p} showDoctor={showDoctor} onOpen={onOpen} />
              ))}
            </div>
            {anyFree && (
              <div className={classes.rail}>
                {placeFree(c.free, zone, startMin, endMin).map(({ f, top }) => {
                  return (
                    <button
                      key={f.start}
                      type="button"
                      data-testid="free-slot"
                      data-start={f.start}
                      className={`${classes.slot} ${f.recommended ? classes.recommended : ''}`}
                      style={{ top }}
                      onClick={() => onBook(f.slots)}
                    >
                      <VisuallyHidden>{t('schedule.bookAt')} </VisuallyHidden>
                      {f.recommended && <IconStarFilled size={10} aria-hidden />} {format.time(f.start)}
                      <VisuallyHidden>
                        {' '}
                        {freeLabel(f.slots)}
                        {f.recommended ? `, ${t('schedule.recommended')}` : ''}
                      </VisuallyHidden>
                    </button>
                  );
                })}
              </div>
            )}
            {c.day === now.day && now.minutes >= startMin && now.minutes < endMin && (
              <div className={classes.now} data-now style={{ top: px(now.minutes - startMin) }} />
            )}
          </div>
        ))}
      </div>
    </section>
  );
}
