import { Card, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { useT } from '../../i18n';
import { DataTable } from '../../ui/DataTable';
import { ErrorState } from '../../ui/ErrorState';
import { useClinic, usePlace } from '../../ui/place';
import { queueKey } from './queue-api';

/**
 * How good the wait estimates patients see are, so the owner can judge them: per doctor the mean
 * miss and the share within ten minutes, and the latest estimates beside what happened.
 */
export function EstimatesSection() {
  const t = useT();
  const { clinicId } = useClinic();
  const { format } = usePlace();
  const est = useQuery({
    queryKey: [...queueKey(clinicId), 'estimates'],
    queryFn: () =>
      unwrap(api.GET('/api/v1/clinics/{clinicId}/queue/estimates', { params: { path: { clinicId } } })),
  });
  const minutes = (n: number) => t('queue.estimates.minutes', { count: Math.round(n) });
  const signed = (n: number) =>
    Math.round(n) === 0
      ? t('queue.estimates.onTime')
      : t(n > 0 ? 'queue.estimates.later' : 'queue.estimates.earlier', { count: Math.abs(Math.round(n)) });
  return (
    <Card withBorder data-testid="estimates">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('queue.estimates.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('queue.estimates.hint', { count: est.data?.windowDays ?? 30 })}
        </Text>
        {est.isError ? (
          <ErrorState error={est.error} onRetry={() => est.refetch()} />
        ) : (
          <>
            <DataTable
              label={t('queue.estimates.perDoctor')}
              framed={false}
              minWidth={560}
              rows={est.data?.doctors}
              rowKey={(d) => d.doctorId}
              empty={t('queue.estimates.empty')}
              columns={[
                { key: 'doctor', header: t('queue.estimates.doctor'), cell: (d) => <bdi>{d.name}</bdi> },
                {
                  key: 'samples',
                  header: t('queue.estimates.samples'),
                  cell: (d) => format.number(d.samples),
                },
                {
                  key: 'mae',
                  header: t('queue.estimates.mae'),
                  cell: (d) => (d.samples ? minutes(d.meanAbsErrorMinutes) : t('common.none')),
                },
                {
                  key: 'bias',
                  header: t('queue.estimates.bias'),
                  cell: (d) => (d.samples ? signed(d.meanErrorMinutes) : t('common.none')),
                },
                {
                  key: 'within',
                  header: t('queue.estimates.within10'),
                  cell: (d) =>
                    d.samples
                      ? t('queue.estimates.percent', { n: format.number(Math.round(d.within10Share * 100)) })
                      : t('common.none'),
                },
              ]}
            />
            <Title order={3} size="h5">
              {t('queue.estimates.recent')}
            </Title>
            <DataTable
              label={t('queue.estimates.recent')}
              framed={false}
              minWidth={560}
              rows={est.data?.recent}
              rowKey={(r) => r.entryId}
              empty={t('queue.estimates.recentEmpty')}
              columns={[
                { key: 'ticket', header: t('queue.estimates.ticket'), cell: (r) => format.number(r.ticket) },
                {
                  key: 'doctor',
                  header: t('queue.estimates.doctor'),
                  cell: (r) => <bdi>{r.doctorName}</bdi>,
                },
                {
                  key: 'est',
                  header: t('queue.estimates.estimated'),
                  cell: (r) => format.time(r.estimatedStartAt),
                },
                { key: 'actual', header: t('queue.estimates.actual'), cell: (r) => format.time(r.startedAt) },
                { key: 'error', header: t('queue.estimates.error'), cell: (r) => signed(r.errorMinutes) },
              ]}
            />
          </>
        )}
      </Stack>
    </Card>
  );
}
