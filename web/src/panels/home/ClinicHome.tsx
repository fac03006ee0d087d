import { SimpleGrid, Text } from '@mantine/core';
import { IconCash, IconClockHour4, IconMessages, IconUsersGroup } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { api, unwrap } from '../../api/client';
import { useT } from '../../i18n';
import { useClinic, usePlace } from '../../shell/place';
import { Panel } from '../../ui/Panel';
import { MyAgendaCard, NextVisitCard, TodayAppointmentsCard } from '../scheduling/HomeCards';
import { ClinicsCard, YouCard } from './cards';
import { HomePage } from './Greeting';

function TeamCard() {
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

function TakingsCard() {
  const t = useT();
  const { format } = usePlace();
  return (
    <Panel title={t('home.finance')} icon={IconCash} empty={t('home.financeEmpty')} testId="card-finance">
      <Text size="xl" fw={700} data-testid="takings">
        {format.money(0)}
      </Text>
    </Panel>
  );
}

const Appointments = TodayAppointmentsCard;
const Queue = () => {
  const t = useT();
  return (
    <Panel title={t('home.queue')} icon={IconClockHour4} empty={t('home.queueEmpty')} testId="card-queue" />
  );
};
const Messages = ({ patient = false }: { patient?: boolean }) => {
  const t = useT();
  return (
    <Panel
      title={t('home.messages')}
      icon={IconMessages}
      empty={t(patient ? 'home.patientMessagesEmpty' : 'home.messagesEmpty')}
      testId="card-messages"
    />
  );
};

function Grid({ children }: { children: ReactNode }) {
  return (
    <HomePage>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>{children}</SimpleGrid>
    </HomePage>
  );
}

export function OwnerHome() {
  return (
    <Grid>
      <Appointments />
      <TakingsCard />
      <TeamCard />
      <Queue />
      <Messages />
      <YouCard />
      <ClinicsCard />
    </Grid>
  );
}

export function DoctorHome() {
  return (
    <Grid>
      <MyAgendaCard />
      <Queue />
      <Messages />
      <YouCard />
      <ClinicsCard />
    </Grid>
  );
}

export function SecretaryHome() {
  return (
    <Grid>
      <Appointments />
      <Queue />
      <TakingsCard />
      <Messages />
      <YouCard />
      <ClinicsCard />
    </Grid>
  );
}

export function PatientHome() {
  return (
    <HomePage>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <NextVisitCard />
        <Messages patient />
        <YouCard />
        <ClinicsCard />
      </SimpleGrid>
    </HomePage>
  );
}
