import { hourMarks, localTimeOf } from '@cliniclick/time';
import { Text, VisuallyHidden } from '@mantine/core';
import { IconStarFilled } from '@tabler/icons-react';
import { useT } from '../../i18n';
import { usePlace } from '../../ui/place';
import type { Appointment, Slot } from './api';
import classes from './calendar.module.css';
import { EmptyTime } from './EmptyTime';
import { useServiceName } from './names';
import { isInactive, StatusBadge } from './status';

/**
 * 112px an hour: a quarter hour (the slot grid) is 28px, tall enough for a one-line button, and a
 * 30-minute visit (56px) holds three lines: patient, service, and status with the time.
 */
const HOUR_PX = 112;
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
  /** Nobody works that day and nothing is booked: the column folds to a narrow strip. */
  closed?: boolean;
}

interface Placed {
  a: Appointment;
  top: number;
  height: number;
  lane: number;
  lanes: number;
}

type FreeTime = CalendarColumn['free'][number];

interface PlacedFree {
  f: FreeTime;
  top: number;
  height: number;
  lane: number;
  lanes: number;
}

/**
 * Side-by-side lanes for whatever overlaps on screen: a cancelled visit and its rebooking, or a
 * free time beside a cancelled visit. Free times share the column with visits (there is no
 * separate free-time strip), so a visit gets the column's whole width when nothing is beside it.
 */
function layout(
  items: Appointment[],
  free: FreeTime[],
  zone: string,
  day: string,
  startMin: number,
  endMin: number,
): { visits: Placed[]; free: PlacedFree[] } {
  const visits: Placed[] = items.map((a) => {
    const s = localTimeOf(a.startsAt, zone);
    const e = localTimeOf(a.endsAt, zone);
    const from = Math.max(s.day < day ? 0 : s.minutes, startMin);
    const to = Math.min(Math.max(e.day > day ? 24 * 60 : e.minutes, from + 15), endMin);
    return { a, top: px(from - startMin), height: Math.max(px(to - from), 22), lane: 0, lanes: 1 };
  });
  const frees: PlacedFree[] = placeFree(free, zone, startMin, endMin).map(({ f, top }) => ({
    f,
    top,
    height: SLOT_PX - 1,
    lane: 0,
    lanes: 1,
  }));
  const boxes: Array<Placed | PlacedFree> = [...visits, ...frees].sort(
    (x, y) => x.top - y.top || y.height - x.height,
  );
  let cluster: Array<Placed | PlacedFree> = [];
  let clusterEnd = -1;
  let laneEnds: number[] = [];
  const close = () => {
    for (const p of cluster) p.lanes = laneEnds.length;
    cluster = [];
    laneEnds = [];
  };
  for (const b of boxes) {
    const bottom = b.top + b.height;
    if (b.top >= clusterEnd) close();
    let lane = laneEnds.findIndex((end) => end <= b.top);
    if (lane < 0) lane = laneEnds.push(bottom) - 1;
    else laneEnds[lane] = bottom;
    b.lane = lane;
    cluster.push(b);
    clusterEnd = Math.max(clusterEnd, bottom);
  }
  close();
  return { visits, free: frees };
}

/** Where a box sits across its column: its lane of the lanes beside it. */
const across = (p: { lane: number; lanes: number }) => ({
  insetInlineStart: `calc(${(p.lane / p.lanes) * 100}% + 2px)`,
  width: `calc(${100 / p.lanes}% - 4px)`,
});

/** Heights (px) from which a visit shows two lines (20 min), three (30 min) and every line (45 min). */
const TWO_LINES_PX = 36;
const THREE_LINES_PX = 54;
const ALL_LINES_PX = 80;

function Block({
  p,
  showDoctor,
  color,
  onOpen,
}: {
  p: Placed;
  showDoctor: boolean;
  /** The colour the calendar's "colour by" switch gives this visit. */
  color: string;
  onOpen: (a: Appointment) => void;
}) {
  const t = useT();
  const { format } = usePlace();
  const nameOf = useServiceName();
  const { a } = p;
  const lines =
    p.height >= ALL_LINES_PX ? 4 : p.height >= THREE_LINES_PX ? 3 : p.height >= TWO_LINES_PX ? 2 : 1;
  const cls = [
    classes.block,
    a.status === 'pending' && classes.pending,
    isInactive(a.status) && classes.inactive,
  ]
    .filter(Boolean)
    .join(' ');
  const time = format.time(a.startsAt);
  // Everything the block holds, for a pointer's tooltip; hovering or focusing also unfolds it.
  const full = [
    `${time}–${format.time(a.endsAt)}`,
    a.patientName,
    nameOf(a),
    a.doctorName,
    t(`schedule.status.${a.status}`),
  ].join(' · ');
  const who = (
    <span className={`${classes.who} ${classes.line}`} data-testid="appointment-patient">
      <bdi>{a.patientName}</bdi>
    </span>
  );
  const service = (
    <span className={`${classes.line} ${lines === 1 ? classes.extra : ''}`} data-testid="appointment-service">
      <bdi>{nameOf(a)}</bdi>
    </span>
  );
  const doctor = showDoctor && (
    <span className={`${classes.line} ${lines < 4 ? classes.extra : ''}`}>
      <bdi>{a.doctorName}</bdi>
    </span>
  );
  const state = (
    <span className={classes.row}>
      <StatusBadge status={a.status} size="xs" />
      <span className={`${classes.time} ${lines < 3 ? classes.extra : ''}`}>{time}</span>
    </span>
  );
  return (
    <button
      type="button"
      className={cls}
      data-testid="appointment"
      data-id={a.id}
      data-status={a.status}
      title={full}
      onClick={() => onOpen(a)}
      style={{
        top: p.top,
        ['--block-h' as string]: `${p.height}px`,
        ...across(p),
        background: isInactive(a.status)
          ? 'repeating-linear-gradient(135deg, var(--mantine-color-gray-1) 0 6px, var(--mantine-color-white) 6px 12px)'
          : `color-mix(in srgb, ${color} 16%, white)`,
        borderInlineStartColor: color,
      }}
    >
      {lines < 3 ? (
        // 15 or 20 minutes: status and patient, then the service when there is room for it.
        <>
          <span className={classes.row}>
            <VisuallyHidden>{time}</VisuallyHidden>
            <StatusBadge status={a.status} size="xs" />
            {who}
          </span>
          {service}
          {doctor}
        </>
      ) : lines === 3 ? (
        <>
          {who}
          {service}
          {state}
          {doctor}
        </>
      ) : (
        <>
          {state}
          {who}
          {service}
          {doctor}
        </>
      )}
    </button>
  );
}

const SLOT_PX = 23;

/** A closed day's folded column. */
const CLOSED_PX = 76;

/**
 * Free-time buttons at their times; one that would overlap the one above (a start five minutes
 * after another, after a buffer) slides just below it. Its label still says the exact time.
 */
function placeFree(free: FreeTime[], zone: string, startMin: number, endMin: number) {
  const out: Array<{ f: FreeTime; top: number }> = [];
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
  colorOf = (a) => a.serviceColor ?? '#868e96',
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
  /** A visit's colour (by service unless the calendar's switch says doctor or status). */
  colorOf?: (a: Appointment) => string;
  /** A click on an empty time of a column: book then (its doctor in the day view). */
  onPickTime?: (column: CalendarColumn, startsAt: string) => void;
}) {
  const t = useT();
  const { format, place } = usePlace();
  const zone = place.kind === 'clinic' ? place.membership.clinicTimeZone : 'UTC';
  const height = px(endMin - startMin);
  const now = localTimeOf(new Date(), zone);
  const first = columns[0]?.day ?? now.day;
  const hours = hourMarks(first, startMin, endMin, zone);
  return (
    // The wide calendar scrolls inside its own region, which the keyboard can reach and scroll.
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable
    <section className={classes.scroller} tabIndex={0} aria-label={label} data-testid="calendar">
      <div
        className={classes.grid}
        style={{
          gridTemplateColumns: `64px ${columns
            .map((c) => (c.closed ? `${CLOSED_PX}px` : `minmax(${minWidth}px, 1fr)`))
            .join(' ')}`,
        }}
      >
        <div className={classes.head} style={{ borderInlineStart: 0 }} />
        {columns.map((c) => (
          <div
            key={c.key}
            className={`${classes.head} ${c.today ? classes.headToday : ''} ${c.closed ? classes.headClosed : ''}`}
            data-testid={c.closed ? 'closed-day' : undefined}
          >
            <Text size={c.closed ? 'xs' : 'sm'} fw={600} className={classes.headLine}>
              <bdi>{c.label}</bdi>
            </Text>
            {c.sub && (
              <Text size="xs" className={classes.headLine}>
                {c.sub}
              </Text>
            )}
            {c.closed && (
              <Text size="xs" c="dimmed" className={classes.headLine}>
                {t('calendar.closed')}
              </Text>
            )}
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
        {columns.map((c) => {
          if (c.closed) {
            return <div key={c.key} className={`${classes.column} ${classes.closed}`} style={{ height }} />;
          }
          const placed = layout(c.appointments, c.free, zone, c.day, startMin, endMin);
          return (
            <div key={c.key} className={classes.column} style={{ height }} data-testid={`column-${c.key}`}>
              {onPickTime && (
                <EmptyTime
                  day={c.day}
                  startMin={startMin}
                  endMin={endMin}
                  hourPx={HOUR_PX}
                  onPick={(at) => onPickTime(c, at)}
                />
              )}
              {placed.visits.map((p) => (
                <Block key={p.a.id} p={p} showDoctor={showDoctor} color={colorOf(p.a)} onOpen={onOpen} />
              ))}
              {placed.free.map(({ f, top, ...lanes }) => (
                <button
                  key={f.start}
                  type="button"
                  data-testid="free-slot"
                  data-start={f.start}
                  className={`${classes.slot} ${f.recommended ? classes.recommended : ''}`}
                  style={{ top, ...across(lanes) }}
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
              ))}
              {c.day === now.day && now.minutes >= startMin && now.minutes < endMin && (
                <div className={classes.now} data-now style={{ top: px(now.minutes - startMin) }} />
              )}
            </div>
          );
        })}
      </div>
    </section>
  );
}
