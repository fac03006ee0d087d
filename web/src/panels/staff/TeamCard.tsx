import { Text } from '@mantine/core';
import { IconUsersGroup } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { useT } from '../../i18n';
import { Panel } from '../../ui/Panel';
import { useClinic, usePlace } from '../../ui/place';

/** The home card with how many people are on the clinic's team now. */
export function TeamCard() {
  const t = useT();
  const clinic = useClinic();
  const { format } = usePlace();
  const staff = useQuery({
    queryKey: ['clinic', clinic.clinicId, 'staff'],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/clinics/{clinicId}/staff', { params: { path: { clinicId: clinic.clinicId } } }),
      ),
  });
  const active = staff.data?.items.filter((s) => s.status === 'active').length;
  return (
    <Panel title={t('home.team')} icon={IconUsersGroup} testId="card-team">
      <Text size="xl" fw={700} data-testid="team-count">
        {active === undefined ? t('common.loading') : format.number(active)}
      </Text>
      <Text size="sm" c="dimmed">
        {t('home.teamCount')}
      </Text>
    </Panel>
  );
}
