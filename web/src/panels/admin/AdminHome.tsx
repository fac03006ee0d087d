import { Badge, Box, Paper, SimpleGrid, Table, Text } from '@mantine/core';
import { IconBuildingHospital, IconInbox } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { useT } from '../../i18n';
import { usePlace } from '../../shell/place';
import { ErrorState } from '../../ui/ErrorState';
import { Panel } from '../../ui/Panel';
import { YouCard } from '../home/cards';
import { HomePage } from '../home/Greeting';

// Dark enough for white badge text to pass WCAG AA at badge size (Mantine's green 9 does not).
const STATUS_COLOR = { active: '#1b5e20', suspended: '#b71c1c' } as const;

/** The platform operator's start: the clinics on the platform, and requests (a later feature). */
export function AdminHome() {
  const t = useT();
  const { format } = usePlace();
  const clinics = useQuery({
    queryKey: ['admin', 'clinics'],
    queryFn: () => unwrap(api.GET('/api/v1/admin/clinics', { params: { query: { limit: 100 } } })),
  });
  return (
    <HomePage>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Panel title={t('admin.clinicsTitle')} icon={IconBuildingHospital}>
          <Text size="xl" fw={700} data-testid="clinic-count">
            {clinics.data ? format.number(clinics.data.items.length) : t('common.loading')}
          </Text>
          <Text size="sm" c="dimmed">
            {t('admin.clinicsTotal')}
          </Text>
        </Panel>
        <Panel title={t('admin.requests')} icon={IconInbox} empty={t('admin.requestsEmpty')} />
        <YouCard />
      </SimpleGrid>
      {clinics.isError ? (
        <ErrorState error={clinics.error} onRetry={() => clinics.refetch()} />
      ) : (
        <Paper withBorder radius="md" p="md" component="section" aria-label={t('admin.clinicsTitle')}>
          <Box style={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-label={t('admin.clinicsTitle')}>
            <Table striped highlightOnHover verticalSpacing="sm" miw={640} data-testid="clinics-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('admin.colName')}</Table.Th>
                  <Table.Th>{t('admin.colSlug')}</Table.Th>
                  <Table.Th>{t('admin.colZone')}</Table.Th>
                  <Table.Th>{t('admin.colCurrency')}</Table.Th>
                  <Table.Th>{t('admin.colStatus')}</Table.Th>
                  <Table.Th>{t('admin.colCreated')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {clinics.data?.items.map((c) => (
                  <Table.Tr key={c.id}>
                    <Table.Td fw={600}>{c.name}</Table.Td>
                    <Table.Td dir="ltr">{`/c/${c.slug}`}</Table.Td>
                    <Table.Td dir="ltr">{c.timeZone}</Table.Td>
                    <Table.Td>{c.currency}</Table.Td>
                    <Table.Td>
                      <Badge
                        color={c.status === 'active' ? STATUS_COLOR.active : STATUS_COLOR.suspended}
                        variant="filled"
                      >
                        {t(`status.${c.status}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{format.dateTime(c.createdAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Box>
          {clinics.data && clinics.data.items.length === 0 && (
            <Text c="dimmed" size="sm">
              {t('admin.clinicsEmpty')}
            </Text>
          )}
        </Paper>
      )}
    </HomePage>
  );
}
