import { Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { IconArrowBackUp, IconPrinter } from '@tabler/icons-react';
import { useI18n } from '../../i18n';
import { useClinic, usePlace } from '../../ui/place';
import type { Appointment, Doctor } from './api';
import classes from './calendar.module.css';
import { dayLabel } from './day-labels';
import { useServiceName } from './names';
import { isInactive } from './status';

/**
 * A day's sheets for printing: one page per doctor with their visits in time order (the browser's
 * print breaks the page after each). On screen it is a preview with Print and Back buttons; printed,
 * the app's header and menu are left out (calendar.module.css).
 */
export function PrintDay({
  day,
  doctors,
  appointments,
  onBack,
}: {
  day: string;
  doctors: Doctor[];
  appointments: Appointment[];
  onBack: () => void;
}) {
  const { t, locale } = useI18n();
  const { format } = usePlace();
  const clinic = useClinic();
  const nameOf = useServiceName();
  const when = dayLabel(day, locale, 'long');
  return (
    <Stack gap="md" data-testid="print-day">
      <Group gap="xs" className={classes.noPrint}>
        <Button
          leftSection={<IconPrinter size={16} aria-hidden />}
          onClick={() => window.print()}
          data-testid="print-now"
        >
          {t('calendar.printNow')}
        </Button>
        <Button variant="default" leftSection={<IconArrowBackUp size={16} aria-hidden />} onClick={onBack}>
          {t('calendar.printBack')}
        </Button>
      </Group>
      {doctors.map((d) => {
        const visits = appointments
          .filter((a) => a.doctorId === d.id)
          .sort((x, y) => x.startsAt.localeCompare(y.startsAt));
        return (
          <section
            key={d.id}
            className={classes.sheet}
            data-testid="print-sheet"
            aria-labelledby={`sheet-${d.id}`}
          >
            <Group justify="space-between" align="flex-end" gap="xs" mb="xs">
              <div>
                <Title order={2} size="h3" id={`sheet-${d.id}`}>
                  <bdi>{d.name}</bdi>
                </Title>
                <Text size="sm">{when}</Text>
              </div>
              <Text size="sm" c="dimmed">
                <bdi>{clinic.clinicName}</bdi>
              </Text>
            </Group>
            {visits.length === 0 ? (
              <Text size="sm">{t('calendar.printNoVisits')}</Text>
            ) : (
              <Table withTableBorder withColumnBorders verticalSpacing={4} className={classes.sheetTable}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('calendar.col.time')}</Table.Th>
                    <Table.Th>{t('calendar.col.patient')}</Table.Th>
                    <Table.Th>{t('calendar.col.phone')}</Table.Th>
                    <Table.Th>{t('calendar.col.service')}</Table.Th>
                    <Table.Th>{t('calendar.col.status')}</Table.Th>
                    <Table.Th>{t('calendar.col.notes')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {visits.map((a) => (
                    <Table.Tr
                      key={a.id}
                      data-testid="print-visit"
                      className={isInactive(a.status) ? classes.struck : undefined}
                    >
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        {format.time(a.startsAt)}–{format.time(a.endsAt)}
                      </Table.Td>
                      <Table.Td fw={600}>
                        <bdi>{a.patientName}</bdi>
                      </Table.Td>
                      <Table.Td dir="ltr" style={{ whiteSpace: 'nowrap' }}>
                        {a.patientPhone ?? t('common.none')}
                      </Table.Td>
                      <Table.Td>
                        <bdi>{nameOf(a)}</bdi>
                      </Table.Td>
                      <Table.Td>{t(`schedule.status.${a.status}`)}</Table.Td>
                      <Table.Td>
                        <bdi>{a.cancelReason ?? a.notes ?? ''}</bdi>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </section>
        );
      })}
    </Stack>
  );
}
