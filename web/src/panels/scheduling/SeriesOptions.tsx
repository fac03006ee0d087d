import { Alert, Group, List, Loader, NumberInput, Select, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { useT } from '../../i18n';
import { ErrorState } from '../../ui/ErrorState';
import { useClinic, usePlace } from '../../ui/place';

export type SeriesResult = components['schemas']['SeriesResult'];
/** One booking's fields, as the single-visit and the series endpoints both take them. */
export interface BookingFields {
  serviceId: string;
  doctorId: string;
  startsAt: string;
  roomId?: string;
  notes?: string;
  patientId?: string;
  patient?: { fullName: string; phone: string };
}

/** How a visit repeats: not at all (0), or every 1, 2 or 4 weeks, `count` visits in all. */
export interface Repeat {
  everyWeeks: 0 | 1 | 2 | 4;
  count: number;
}

export const NO_REPEAT: Repeat = { everyWeeks: 0, count: 8 };

/** The repeat choice, and — once the rest of the booking is filled in — which times are free. */
export function SeriesOptions({
  repeat,
  onChange,
  booking,
}: {
  repeat: Repeat;
  onChange: (r: Repeat) => void;
  /** The booking as it would be sent, or null while it is incomplete (no preview yet). */
  booking: BookingFields | null;
}) {
  const t = useT();
  const { format } = usePlace();
  const { clinicId } = useClinic();
  const on = repeat.everyWeeks > 0;
  // Which times are free depends on the time, doctor, service and room only: typing the notes
  // or the new patient's name must not send a dry run per keystroke.
  const when = booking && {
    serviceId: booking.serviceId,
    doctorId: booking.doctorId,
    startsAt: booking.startsAt,
    roomId: booking.roomId,
  };
  const preview = useQuery({
    queryKey: ['clinic', clinicId, 'schedule', 'series-preview', when, repeat],
    enabled: on && booking !== null,
    queryFn: () =>
      unwrap(
        api.POST('/api/v1/clinics/{clinicId}/appointment-series', {
          params: { path: { clinicId } },
          body: {
            ...(booking as BookingFields),
            everyWeeks: repeat.everyWeeks || 1,
            count: repeat.count,
            dryRun: true,
          },
        }),
      ),
  });

  return (
    <>
      <Group grow align="flex-start">
        <Select
          label={t('series.repeat')}
          data={[
            { value: '0', label: t('series.once') },
            { value: '1', label: t('series.weekly') },
            { value: '2', label: t('series.every2') },
            { value: '4', label: t('series.every4') },
          ]}
          value={String(repeat.everyWeeks)}
          onChange={(v) => onChange({ ...repeat, everyWeeks: Number(v) as Repeat['everyWeeks'] })}
          allowDeselect={false}
          data-testid="series-repeat"
        />
        {on && (
          <NumberInput
            label={t('series.count')}
            min={2}
            max={52}
            clampBehavior="strict"
            allowDecimal={false}
            value={repeat.count}
            onChange={(v) => onChange({ ...repeat, count: typeof v === 'number' ? v : 2 })}
          />
        )}
      </Group>
      {on && booking === null && (
        <Text size="sm" c="dimmed">
          {t('series.choosePatient')}
        </Text>
      )}
      {on && preview.isFetching && <Loader size="sm" role="status" aria-label={t('common.loading')} />}
      {on && preview.isError && <ErrorState error={preview.error} onRetry={() => preview.refetch()} />}
      {on && preview.data && !preview.isFetching && (
        <SeriesSummary result={preview.data} format={format.dateTime} preview />
      )}
    </>
  );
}

/** Free and taken times of a series, before (preview) or after booking it. */
export function SeriesSummary({
  result,
  format,
  preview = false,
}: {
  result: SeriesResult;
  format: (iso: string) => string;
  preview?: boolean;
}) {
  const t = useT();
  const ok = preview ? result.free.length : result.booked.length;
  return (
    <Alert
      color={result.conflicts.length ? 'orange' : 'green'}
      role="status"
      data-testid={preview ? 'series-preview' : 'series-result'}
    >
      <Text size="sm" fw={600}>
        {preview ? t('series.previewFree', { count: ok }) : t('series.booked', { count: ok })}
      </Text>
      {result.conflicts.length > 0 && (
        <>
          <Text size="sm" mt="xs">
            {t('series.taken', { count: String(result.conflicts.length) })}
          </Text>
          <List size="sm">
            {result.conflicts.map((c) => (
              <List.Item key={c.startsAt}>{format(c.startsAt)}</List.Item>
            ))}
          </List>
        </>
      )}
    </Alert>
  );
}
