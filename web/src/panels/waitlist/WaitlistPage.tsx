import { Badge, Button, Card, Group, Select, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { type MessageKey, useI18n, useT } from '../../i18n';
import { DataTable } from '../../ui/DataTable';
import { ErrorState } from '../../ui/ErrorState';
import { Notice, useNotice } from '../../ui/notify';
import { Page } from '../../ui/Page';
import { useClinic, usePlace } from '../../ui/place';
import { AddWishForm } from './AddWishForm';
import { PRIORITIES, type Priority, useDoctorsAndServices, type Wish } from './api';
import { FillTime } from './FillTime';

const STATUS_COLOR: Record<Wish['status'], string> = {
  waiting: 'blue',
  offered: 'orange',
  booked: 'green',
  withdrawn: 'gray',
  expired: 'gray',
};
const SHOWN = ['active', 'booked', 'withdrawn', 'expired'] as const;
type Shown = (typeof SHOWN)[number];

/** The front desk's waitlist: who waits for what, in the order freed times are offered. */
export function WaitlistPage() {
  const t = useT();
  const { locale } = useI18n();
  const clinic = useClinic();
  const { format } = usePlace();
  const notice = useNotice();
  const qc = useQueryClient();
  const canManage = clinic.role === 'owner' || clinic.role === 'secretary';
  const [shown, setShown] = useState<Shown>('active');
  const { doctors, services } = useDoctorsAndServices();
  const key = ['clinic', clinic.clinicId, 'waitlist'];
  const wishes = useQuery({
    queryKey: [...key, shown],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/clinics/{clinicId}/waitlist', {
          params: { path: { clinicId: clinic.clinicId }, query: { status: shown } },
        }),
      ),
    select: (d) => d.items,
  });
  const changed = (text: string) => {
    notice.show(text);
    void qc.invalidateQueries({ queryKey: key });
  };
  const raise = useMutation({
    mutationFn: (v: { id: string; priority: Priority }) =>
      unwrap(
        api.PATCH('/api/v1/clinics/{clinicId}/waitlist/{wishId}', {
          params: { path: { clinicId: clinic.clinicId, wishId: v.id } },
          body: { priority: v.priority },
        }),
      ),
    onSuccess: () => changed(t('waitlist.raised')),
  });
  const withdraw = useMutation({
    mutationFn: (id: string) =>
      unwrap(
        api.DELETE('/api/v1/clinics/{clinicId}/waitlist/{wishId}', {
          params: { path: { clinicId: clinic.clinicId, wishId: id } },
        }),
      ),
    onSuccess: () => changed(t('waitlist.withdrawn')),
  });

  const wants = (w: Wish) => {
    const service = locale === 'ar' && w.serviceNameAr ? w.serviceNameAr : w.serviceName;
    const parts = w.parts.map((p) => t(`waitlist.part.${p}` as MessageKey)).join(' · ');
    return (
      <Stack gap={0}>
        <Text size="sm">
          <bdi>{w.doctorName ?? t('waitlist.anyDoctor')}</bdi>
          {' · '}
          <bdi>{service ?? t('waitlist.anyService')}</bdi>
        </Text>
        {parts && (
          <Text size="xs" c="dimmed">
            {parts}
          </Text>
        )}
      </Stack>
    );
  };
  const offer = (w: Wish) => {
    const open = w.offers.find((o) => o.status === 'open');
    return open ? (
      <Text size="xs" c="dimmed">
        {t('waitlist.offeredUntil', {
          when: format.dateTime(open.startsAt),
          until: format.time(open.expiresAt),
        })}
      </Text>
    ) : null;
  };

  return (
    <Page title={t('waitlist.title')} subtitle={t('waitlist.subtitle')}>
      <Notice notice={notice} />
      {canManage && (
        <AddWishForm doctors={doctors} services={services} onAdded={() => changed(t('waitlist.added'))} />
      )}
      {canManage && <FillTime doctors={doctors} onBooked={() => changed(t('waitlist.bookedNow'))} />}
      <Card withBorder>
        <Stack>
          <Select
            label={t('waitlist.show')}
            data={SHOWN.map((s) => ({
              value: s,
              label: t(s === 'active' ? 'waitlist.showActive' : (`waitlist.status.${s}` as MessageKey)),
            }))}
            value={shown}
            onChange={(v) => v && setShown(v as Shown)}
            allowDeselect={false}
            maw={260}
          />
          {wishes.isError ? (
            <ErrorState error={wishes.error} onRetry={() => wishes.refetch()} />
          ) : (
            <DataTable
              label={t('waitlist.title')}
              testId="waitlist-table"
              rowTestId="wish-row"
              framed={false}
              minWidth={760}
              rows={wishes.data}
              rowKey={(w) => w.id}
              empty={t('waitlist.empty')}
              columns={[
                {
                  key: 'patient',
                  header: t('waitlist.col.patient'),
                  cell: (w) => (
                    <Stack gap={0}>
                      <Text size="sm" fw={600}>
                        <bdi>{w.patientName}</bdi>
                      </Text>
                      <Text size="xs" c="dimmed" dir="ltr">
                        {w.patientPhone}
                      </Text>
                    </Stack>
                  ),
                },
                { key: 'wants', header: t('waitlist.col.wants'), cell: wants },
                {
                  key: 'dates',
                  header: t('waitlist.col.dates'),
                  cell: (w) =>
                    t('waitlist.dates', { from: format.day(w.fromDate), to: format.day(w.toDate) }),
                },
                {
                  key: 'status',
                  header: t('waitlist.col.status'),
                  cell: (w) => (
                    <Stack gap={2}>
                      <Badge color={STATUS_COLOR[w.status]} variant="light">
                        {t(`waitlist.status.${w.status}` as MessageKey)}
                      </Badge>
                      {offer(w)}
                    </Stack>
                  ),
                },
                {
                  key: 'priority',
                  header: t('waitlist.col.priority'),
                  cell: (w) =>
                    canManage && (w.status === 'waiting' || w.status === 'offered') ? (
                      <Select
                        aria-label={t('waitlist.priority')}
                        size="xs"
                        w={120}
                        data={PRIORITIES.map((p) => ({
                          value: p,
                          label: t(`waitlist.priority.${p}` as MessageKey),
                        }))}
                        value={w.priority}
                        allowDeselect={false}
                        onChange={(v) =>
                          v && v !== w.priority && raise.mutate({ id: w.id, priority: v as Priority })
                        }
                      />
                    ) : (
                      <Badge color={w.priority === 'urgent' ? 'red' : 'gray'} variant="outline">
                        {t(`waitlist.priority.${w.priority}` as MessageKey)}
                      </Badge>
                    ),
                },
                ...(canManage
                  ? [
                      {
                        key: 'actions',
                        header: t('waitlist.col.actions'),
                        cell: (w: Wish) =>
                          w.status === 'waiting' || w.status === 'offered' ? (
                            <Group gap="xs">
                              <Button
                                size="xs"
                                variant="light"
                                color="red"
                                loading={withdraw.isPending && withdraw.variables === w.id}
                                onClick={() => withdraw.mutate(w.id)}
                              >
                                {t('waitlist.withdraw')}
                              </Button>
                            </Group>
                          ) : null,
                      },
                    ]
                  : []),
              ]}
            />
          )}
        </Stack>
      </Card>
    </Page>
  );
}
