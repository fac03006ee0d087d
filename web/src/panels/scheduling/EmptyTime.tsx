import { instantAt } from '@cliniclick/time';
import { IconPlus } from '@tabler/icons-react';
import { type MouseEvent, useState } from 'react';
import { useT } from '../../i18n';
import { useClinic, usePlace } from '../../ui/place';
import { useSchedulingSettings } from './calendar-api';
import classes from './empty-time.module.css';
import { DEFAULT_GRID_MIN, gridMinuteAt } from './grid-minute';

/**
 * The empty background of a calendar column: pointing at it shows "+ 10:30" on the clinic's slot grid
 * under the pointer, and a click (or a tap on a phone) books that time. Past times do nothing.
 * Keyboard users book through "New appointment" and the free-time buttons, which reach the
 * same form; this layer is a shortcut for the pointer, so it takes no focus.
 */
export function EmptyTime({
  day,
  startMin,
  endMin,
  hourPx,
  onPick,
}: {
  day: string;
  startMin: number;
  endMin: number;
  hourPx: number;
  onPick: (startsAt: string) => void;
}) {
  const t = useT();
  const { format } = usePlace();
  const { clinicTimeZone: zone } = useClinic();
  // A click books on the clinic's slot grid (the times the booking form offers).
  const gridMin = useSchedulingSettings().data?.slotGridMin ?? DEFAULT_GRID_MIN;
  const [hover, setHover] = useState<number | null>(null);
  const minuteAt = (e: MouseEvent<HTMLDivElement>) =>
    gridMinuteAt(e.clientY - e.currentTarget.getBoundingClientRect().top, {
      startMin,
      endMin,
      hourPx,
      gridMin,
    });
  const instant = (m: number) => instantAt(day, m, zone);
  const future = (m: number) => instant(m).getTime() > Date.now();
  const shown = hover !== null && future(hover) ? hover : null;
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a pointer shortcut; the keyboard books through "New appointment"
    // biome-ignore lint/a11y/useKeyWithClickEvents: as above, the same form is reachable by keyboard
    <div
      className={classes.layer}
      data-testid="empty-time"
      data-day={day}
      // Where the column starts and how tall an hour is, so a test can point at a time.
      data-start-min={startMin}
      data-hour-px={hourPx}
      onPointerMove={(e) => setHover(minuteAt(e))}
      onPointerLeave={() => setHover(null)}
      onClick={(e) => {
        const m = minuteAt(e);
        if (future(m)) onPick(instant(m).toISOString());
      }}
    >
      {shown !== null && (
        <div
          className={classes.ghost}
          aria-hidden
          style={{ top: ((shown - startMin) / 60) * hourPx, height: (gridMin / 60) * hourPx }}
        >
          <IconPlus size={12} aria-hidden />{' '}
          {t('frontdesk.bookAtTime', { time: format.time(instant(shown)) })}
        </div>
      )}
    </div>
  );
}
