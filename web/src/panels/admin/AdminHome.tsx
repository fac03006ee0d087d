import { Badge, Button, Group, Modal, SimpleGrid, Text } from '@mantine/core';
import { IconBuildingHospital, IconPlus } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { useT } from '../../i18n';
import { YouCard } from '../../ui/AccountCards';
import { DataTable } from '../../ui/DataTable';
import { ErrorState } from '../../ui/ErrorState';
import { HomePage } from '../../ui/HomePage';
import { Notice, useNotice } from '../../ui/notify';
import { Panel } from '../../ui/Panel';
import { usePlace } from '../../ui/place';
import { type Clinic, ClinicStatusForm, CreateClinicForm } from './ClinicForms';

// Dark enough for white badge text to pass WCAG AA at badge size (Mantine's green 9 does not).
const STATUS_COLOR: Record<Clinic['status'], string> = { active: '#1b5e20', suspended: '#b71c1c' };

/** The platform operator's start: the clinics on the platform, and requests (a later feature). */
export function AdminHome() {
  const t = useT();
  const { format } = usePlace();
  const queryClient = useQueryClient();
  const notice = useNotice();
  const [creating, setCreating] = useState(false);
  const [changing, setChanging] = useState<Clinic | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['admin', 'clinics'] });
  const clinics = useQuery({
    queryKey: ['admin', 'clinics'],
    queryFn: () => unwrap(api.GET('/api/v1/admin/clinics', { params: { query: { limit: 100 } } })),
  });
  return (
    <HomePage>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Panel title={t('admin.clinicsTitle')} icon={IconBuildingHospital}>
          <Text size="xl" fw={700} data-testid="clinic-count">
            {clinics.data ? format.number(clinics.data.items.length) : t('common.loading')}
          </Text>
          <Text size="sm" c="dimmed">
            {t('admin.clinicsTotal')}
          </Text>
        </Panel>
        <YouCard />
      </SimpleGrid>
      <Notice notice={notice} />
      <Group justify="flex-end">
        <Button leftSection={<IconPlus size={18} aria-hidden />} onClick={() => setCreating(true)}>
          {t('admin.create')}
        </Button>
      </Group>
      {clinics.isError ? (
        <ErrorState error={clinics.error} onRetry={() => clinics.refetch()} />
      ) : (
        <DataTable
          label={t('admin.clinicsTitle')}
          testId="clinics-table"
          rows={clinics.data?.items}
          rowKey={(c) => c.id}
          empty={t('admin.clinicsEmpty')}
          minWidth={760}
          columns={[
            {
              key: 'name',
              header: t('admin.colName'),
              cell: (c) => (
                <Text fw={600} size="sm">
                  {c.name}
                </Text>
              ),
            },
            { key: 'slug', header: t('admin.colSlug'), cell: (c) => `/c/${c.slug}`, ltr: true },
            { key: 'zone', header: t('admin.colZone'), cell: (c) => c.timeZone, ltr: true },
            { key: 'currency', header: t('admin.colCurrency'), cell: (c) => c.currency },
            {
              key: 'status',
              header: t('admin.colStatus'),
              cell: (c) => (
                <Badge color={STATUS_COLOR[c.status]} variant="filled">
                  {t(`status.${c.status}`)}
                </Badge>
              ),
            },
            { key: 'created', header: t('admin.colCreated'), cell: (c) => format.since(c.createdAt) },
            {
              key: 'actions',
              header: t('admin.colActions'),
              cell: (c) => (
                <Button
                  variant="default"
                  size="xs"
                  c={c.status === 'active' ? 'red.9' : undefined}
                  onClick={() => setChanging(c)}
                >
                  {c.status === 'active' ? t('admin.suspend') : t('admin.reactivate')}
                </Button>
              ),
            },
          ]}
        />
      )}
      <Modal opened={creating} onClose={() => setCreating(false)} title={t('admin.createTitle')} size="lg">
        <CreateClinicForm
          onDone={(name) => {
            notice.show(t('admin.created', { name }));
            setCreating(false);
            void refresh();
          }}
        />
      </Modal>
      <Modal
        opened={changing !== null}
        onClose={() => setChanging(null)}
        title={
          changing
            ? changing.status === 'active'
              ? t('admin.suspendTitle', { name: changing.name })
              : t('admin.reactivate')
            : ''
        }
      >
        {changing && (
          <ClinicStatusForm
            clinic={changing}
            onDone={() => {
              setChanging(null);
              void refresh();
            }}
          />
        )}
      </Modal>
    </HomePage>
  );
}
