import { todayIn } from '@cliniclick/time';
import { Anchor, Group, Stack, Text } from '@mantine/core';
import { IconCalendarEvent } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useMe } from '../../api/me';
import { useT } from '../../i18n';
import { Words } from '../../i18n/rich';
import { ErrorState } from '../../ui/ErrorState';
import { Panel } from '../../ui/Panel';
import { useClinic, usePlace } from '../../ui/place';
import { useAppointments } from './api';
import { useMyAppointments, VisitLine } from './MyVisitsPage';
import { isInactive, StatusBadge } from './status';

const SHOWN = 6;

/** Today's visits on a home screen: the whole clinic's, or a doctor's own. */
function TodayCard({ own }: { own: boolean }) {
  const t = useT();
  const clinic = useClinic();
  const me = useMe().data;
  const { format } = usePlace();
  const list = useAppointments(todayIn(clinic.clinicTimeZone), 1, own ? me?.user.id : undefined);
  const items = (list.data ?? [])
    .filter((a) => !isInactive(a.status))
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const root = `/clinics/${clinic.clinicSlug}/${clinic.role}`;
  return (
    <Panel
      title={t(own ? 'home.myAgenda' : 'home.todayAppointments')}
      icon={IconCalendarEvent}
      empty={
        list.data && items.length === 0
          ? t(own ? 'home.myAgendaEmpty' : 'home.todayAppointmentsEmpty')
          : undefined
      }
      testId={own ? 'card-agenda' : 'card-appointments'}
    >
      {list.isPending && <Text size="sm">{t('common.loading')}</Text>}
      {/* A list that did not load says so: never "no appointments" on a failure. */}
      {list.isError && <ErrorState error={list.error} onRetry={() => list.refetch()} />}
      {items.length > 0 && (
        <Stack gap={6}>
          {items.slice(0, SHOWN).map((a) => (
            <Group key={a.id} gap="xs" wrap="nowrap" justify="space-between">
              <Text size="sm" truncate>
                <Text span fw={600} size="sm">
                  {format.time(a.startsAt)}
                </Text>{' '}
                {own ? (
                  <bdi>{a.patientName}</bdi>
                ) : (
                  <Words k="schedule.cardLine" values={{ patient: a.patientName, doctor: a.doctorName }} />
                )}
              </Text>
              <StatusBadge status={a.status} size="xs" />
            </Group>
          ))}
          {items.length > SHOWN && (
            <Text size="sm" c="dimmed">
              {t('schedule.cardMore', { count: format.number(items.length - SHOWN) })}
            </Text>
          )}
          <Anchor component={Link} to={`${root}/${own ? 'agenda' : 'calendar'}`} size="sm">
            {t(own ? 'schedule.openAgenda' : 'schedule.openCalendar')}
          </Anchor>
        </Stack>
      )}
    </Panel>
  );
}

export const TodayAppointmentsCard = () => <TodayCard own={false} />;
export const MyAgendaCard = () => <TodayCard own />;

export function NextVisitCard() {
  const t = useT();
  const clinic = useClinic();
  const list = useMyAppointments('upcoming', 5);
  const next = list.data?.find((a) => !isInactive(a.status));
  return (
    <Panel
      title={t('home.nextVisit')}
      icon={IconCalendarEvent}
      empty={list.data && !next ? t('home.nextVisitEmpty', { clinic: clinic.clinicName }) : undefined}
      testId="card-next-visit"
    >
      {list.isPending && <Text size="sm">{t('common.loading')}</Text>}
      {list.isError && <ErrorState error={list.error} onRetry={() => list.refetch()} />}
      {next && (
        <Stack gap={6}>
          <VisitLine a={next} />
          <Anchor component={Link} to={`/clinics/${clinic.clinicSlug}/patient/visits`} size="sm">
            {t('schedule.allVisits')}
          </Anchor>
        </Stack>
      )}
    </Panel>
  );
}
