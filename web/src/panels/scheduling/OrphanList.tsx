import { Alert, List, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useT } from '../../i18n';
import { isolate } from '../../i18n/rich';
import { usePlace } from '../../ui/place';
import type { Appointment } from './api';
import { useServiceName } from './names';

/** Booked visits that new hours (or time off) would leave outside work time, so none goes unseen. */
export function OrphanList({ items, title }: { items: Appointment[]; title: string }) {
  const t = useT();
  const { format } = usePlace();
  const nameOf = useServiceName();
  return (
    <Alert
      color="orange"
      variant="outline"
      icon={<IconAlertTriangle aria-hidden />}
      title={title}
      data-testid="orphans"
    >
      <Text size="sm" mb="xs" c="gray.9">
        {t('hours.orphansHint', { count: items.length })}
      </Text>
      <List size="sm" c="gray.9">
        {items.map((a) => (
          <List.Item key={a.id}>
            {t('hours.orphanItem', {
              when: format.dateTime(a.startsAt),
              patient: isolate(a.patientName),
              service: isolate(nameOf(a)),
            })}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
