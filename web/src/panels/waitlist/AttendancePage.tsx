import { Alert, Card, Select, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { useI18n, useT } from '../../i18n';
import { DataTable } from '../../ui/DataTable';
import { ErrorState } from '../../ui/ErrorState';
import { Page } from '../../ui/Page';
import { useClinic, usePlace } from '../../ui/place';
import { useDoctorsAndServices } from './api';
import { NoShowChart } from './NoShowChart';

type Row = components['schemas']['AttendanceRow'];

/** The owner's "No-shows and reminders": rates per week (a chart and its table) and per doctor. */
export function AttendancePage() {
  const t = useT();
  const clinic = useClinic();
  const { format } = usePlace();
  const { locale } = useI18n();
  const isOwner = clinic.role === 'owner';
  const { doctors } = useDoctorsAndServices();
  const [doctorId, setDoctorId] = useState<string | null>(null);
  const report = useQuery({
    queryKey: ['clinic', clinic.clinicId, 'insights', 'attendance', doctorId],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/clinics/{clinicId}/insights/attendance', {
          params: { path: { clinicId: clinic.clinicId }, query: doctorId ? { doctorId } : {} },
        }),
      ),
  });
  const pct = (r: number | null) =>
    r === null
      ? t('attendance.none')
      : new Intl.NumberFormat(locale === 'ar' ? 'ar-u-nu-latn' : 'en-US', {
          style: 'percent',
          maximumFractionDigits: 1,
        }).format(r);
  const lead = (h: number | null) =>
    h === null
      ? t('attendance.none')
      : t('attendance.leadValue', { days: format.number(Math.round((h / 24) * 10) / 10) });
  const data = report.data;
  const columns = (first: { header: string; cell: (r: Row) => string }) => [
    { key: 'key', header: first.header, cell: first.cell },
    { key: 'due', header: t('attendance.due'), cell: (r: Row) => format.number(r.due) },
    { key: 'noShows', header: t('attendance.noShows'), cell: (r: Row) => format.number(r.noShows) },
    { key: 'rate', header: t('attendance.noShowRate'), cell: (r: Row) => pct(r.noShowRate) },
    ...(data?.confirmationsRecorded
      ? [
          {
            key: 'confirmed',
            header: t('attendance.confirmationRate'),
            cell: (r: Row) => pct(r.confirmationRate),
          },
        ]
      : []),
    {
      key: 'cancelled',
      header: t('attendance.cancelled'),
      cell: (r: Row) =>
        `${format.number(r.cancelled)} (${format.number(r.cancelledByPatient)} / ${format.number(r.cancelledByClinic)})`,
    },
    { key: 'lead', header: t('attendance.lead'), cell: (r: Row) => lead(r.medianLeadHours) },
  ];
  return (
    <Page title={t('attendance.title')} subtitle={t('attendance.subtitle')}>
      {isOwner && (
        <Select
          label={t('attendance.doctor')}
          placeholder={t('attendance.allDoctors')}
          data={doctors.map((d) => ({ value: d.id, label: d.name }))}
          value={doctorId}
          onChange={setDoctorId}
          clearable
          maw={300}
        />
      )}
      {report.isError && <ErrorState error={report.error} onRetry={() => report.refetch()} />}
      {data && (
        <>
          {!data.confirmationsRecorded && (
            <Alert color="gray" data-testid="no-reminder-data">
              {t('attendance.noReminderData')}
            </Alert>
          )}
          <Card withBorder>
            <Stack>
              <Title order={2} size="h4">
                {t('attendance.chartLabel')}
              </Title>
              {data.total.due === 0 ? (
                <Text size="sm">{t('attendance.noData')}</Text>
              ) : (
                <NoShowChart
                  weeks={data.weeks}
                  label={t('attendance.chartLabel')}
                  pct={pct}
                  day={format.day}
                />
              )}
            </Stack>
          </Card>
          <Title order={2} size="h4">
            {t('attendance.byWeek')}
          </Title>
          <DataTable
            label={t('attendance.byWeek')}
            testId="attendance-weeks"
            rows={[...data.weeks, { ...data.total, key: 'total' }]}
            rowKey={(r) => r.key}
            empty={t('attendance.noData')}
            columns={columns({
              header: t('attendance.week'),
              cell: (r) => (r.key === 'total' ? t('attendance.total') : format.day(r.key)),
            })}
          />
          <Title order={2} size="h4">
            {t('attendance.byDoctor')}
          </Title>
          <DataTable
            label={t('attendance.byDoctor')}
            testId="attendance-doctors"
            rows={data.doctors}
            rowKey={(r) => r.key}
            empty={t('attendance.noData')}
            columns={columns({ header: t('attendance.doctor'), cell: (r) => r.label })}
          />
        </>
      )}
    </Page>
  );
}
