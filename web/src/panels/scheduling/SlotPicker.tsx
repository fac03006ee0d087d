import { addDays, localTimeOf, notBefore, todayIn } from '@cliniclick/time';
import { Button, Group, Loader, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { IconChevronLeft, IconChevronRight, IconStarFilled } from '@tabler/icons-react';
import { useState } from 'react';
import { useI18n } from '../../i18n';
import { isolate } from '../../i18n/rich';
import { ErrorState } from '../../ui/ErrorState';
import { useClinic, usePlace } from '../../ui/place';
import { type Slot, useSlots } from './api';
import { dayLabel } from './day-labels';

const SPAN = 7;

/**
 * Free times for a service over a week, recommended ones first and prominent (they keep the
 * doctor's day compact), then every free time by day. Used to book and to move a visit.
 */
export function SlotPicker({
  serviceId,
  doctorId,
  fromDay,
  doctorName,
  onPick,
  moving,
  except,
}: {
  serviceId: string;
  doctorId?: string;
  /** The appointment being moved: its own time is offered too. */
  moving?: string;
  /** The moving visit's current time, left out: it is not a free time to move to. */
  except?: { start: string; doctorId: string };
  fromDay: string;
  doctorName: (id: string) => string;
  onPick: (slot: Slot) => void;
}) {
  const { t, locale, dir } = useI18n();
  const { format } = usePlace();
  const { clinicTimeZone: zone } = useClinic();
  const today = todayIn(zone);
  const [from, setFrom] = useState(notBefore(fromDay, today));
  const to = addDays(from, SPAN - 1);
  const slots = useSlots(serviceId, from, to, doctorId, moving, except);
  // Name the doctor only when the times shown are not all one doctor's.
  const showDoctor = !doctorId && new Set((slots.data ?? []).map((s) => s.doctorId)).size > 1;
  const Back = dir === 'rtl' ? IconChevronRight : IconChevronLeft;
  const Forward = dir === 'rtl' ? IconChevronLeft : IconChevronRight;

  const name = (s: Slot) =>
    showDoctor
      ? t('schedule.slotWith', { time: format.time(s.start), doctor: isolate(doctorName(s.doctorId)) })
      : format.time(s.start);
  const recommended = (slots.data ?? []).filter((s) => s.recommended).slice(0, 6);
  const byDay = new Map<string, Slot[]>();
  for (const s of [...(slots.data ?? [])].sort(
    (a, b) => a.start.localeCompare(b.start) || a.doctorId.localeCompare(b.doctorId),
  )) {
    const day = localTimeOf(s.start, zone).day;
    byDay.set(day, [...(byDay.get(day) ?? []), s]);
  }

  return (
    <Stack gap="sm" data-testid="slot-picker">
      <Group justify="space-between" wrap="nowrap">
        <Button
          variant="default"
          size="xs"
          leftSection={<Back size={14} aria-hidden />}
          disabled={from <= today}
          onClick={() => setFrom(notBefore(addDays(from, -SPAN), today))}
        >
          {t('schedule.earlier')}
        </Button>
        <Text size="sm" ta="center">
          {t('schedule.range', { from: dayLabel(from, locale), to: dayLabel(to, locale) })}
        </Text>
        <Button
          variant="default"
          size="xs"
          rightSection={<Forward size={14} aria-hidden />}
          onClick={() => setFrom(addDays(from, SPAN))}
        >
          {t('schedule.later')}
        </Button>
      </Group>
      {slots.isPending && <Loader size="sm" role="status" aria-label={t('common.loading')} />}
      {slots.isError && <ErrorState error={slots.error} onRetry={() => slots.refetch()} />}
      {slots.data && slots.data.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('schedule.noFreeTimes')}
        </Text>
      )}
      {recommended.length > 0 && (
        <div>
          <Title order={3} size="h5" mb={6}>
            {t('schedule.recommendedTimes')}
          </Title>
          <Text size="xs" c="dimmed" mb={6}>
            {t('schedule.recommendedHint')}
          </Text>
          <Group gap="xs">
            {recommended.map((s) => (
              <Button
                key={`${s.doctorId}-${s.start}`}
                size="xs"
                leftSection={<IconStarFilled size={12} aria-hidden />}
                onClick={() => onPick(s)}
                data-testid="recommended-slot"
              >
                {t('schedule.slotOnDay', {
                  day: dayLabel(localTimeOf(s.start, zone).day, locale),
                  slot: name(s),
                })}
              </Button>
            ))}
          </Group>
        </div>
      )}
      {[...byDay].map(([day, list]) => (
        <div key={day}>
          <Title order={3} size="h5" mb={6}>
            {dayLabel(day, locale, 'long')}
          </Title>
          <Group gap={6}>
            {list.map((s) => (
              <Button
                key={`${s.doctorId}-${s.start}`}
                size="compact-sm"
                variant="default"
                onClick={() => onPick(s)}
                data-testid="slot"
                data-start={s.start}
              >
                {name(s)}
                {s.recommended && <VisuallyHidden>, {t('schedule.recommended')}</VisuallyHidden>}
              </Button>
            ))}
          </Group>
        </div>
      ))}
    </Stack>
  );
}
