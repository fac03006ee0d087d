import { Group, Loader, Paper, SegmentedControl, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { useT } from '../../i18n';
import { Words } from '../../i18n/rich';
import { ErrorState } from '../../ui/ErrorState';
import { Page } from '../../ui/Page';
import { useClinic, usePlace } from '../../ui/place';
import type { MyAppointment } from './api';
import { MyVisitActions } from './MyVisitActions';
import { useServiceName } from './names';
import { StatusBadge } from './status';

export function useMyAppointments(scope: 'upcoming' | 'past', limit = 50) {
  const { clinicId } = useClinic();
  return useQuery({
    queryKey: ['clinic', clinicId, 'schedule', 'mine', scope, limit],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/clinics/{clinicId}/me/appointments', {
          params: { path: { clinicId }, query: { scope, limit } },
        }),
      ),
    select: (d) => d.items,
  });
}

export function VisitLine({ a }: { a: MyAppointment }) {
  const t = useT();
  const { format } = usePlace();
  const nameOf = useServiceName();
  return (
    <Paper withBorder p="sm" data-testid="my-visit">
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <div>
          <Text fw={600}>{format.dateTime(a.startsAt)}</Text>
          <Text size="sm">
            <Words
              k="visits.line"
              values={{ service: nameOf(a), doctor: a.doctorName, mode: t(`schedule.mode.${a.mode}`) }}
            />
          </Text>
          <Text size="sm" c="dimmed">
            {format.money(a.priceMinor)}
          </Text>
        </div>
        <StatusBadge status={a.status} patient />
      </Group>
      <MyVisitActions a={a} />
    </Paper>
  );
}

/** A patient's own visits at this clinic, upcoming or past. */
export function MyVisitsPage() {
  const t = useT();
  const clinic = useClinic();
  const [scope, setScope] = useState<'upcoming' | 'past'>('upcoming');
  const list = useMyAppointments(scope);
  return (
    <Page title={t('visits.title')} subtitle={t('visits.subtitle', { clinic: clinic.clinicName })}>
      <SegmentedControl
        value={scope}
        onChange={(v) => setScope(v === 'past' ? 'past' : 'upcoming')}
        data={[
          { value: 'upcoming', label: t('visits.upcoming') },
          { value: 'past', label: t('visits.past') },
        ]}
        maw={360}
      />
      {list.isPending && <Loader size="sm" role="status" aria-label={t('common.loading')} />}
      {list.isError && <ErrorState error={list.error} onRetry={() => list.refetch()} />}
      {list.data?.length === 0 && (
        <Text c="dimmed">{t(scope === 'past' ? 'visits.nonePast' : 'visits.noneUpcoming')}</Text>
      )}
      <Stack gap="xs">
        {list.data?.map((a) => (
          <VisitLine key={a.id} a={a} />
        ))}
      </Stack>
    </Page>
  );
}
