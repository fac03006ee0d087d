import { addDays, startOfDay } from '@cliniclick/time';
import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useT } from '../../i18n';
import { useClinic, usePlace } from '../../ui/place';
import { useCallList, useClearCall } from './notices-api';

/** The front desk's list of visits whose every message failed, with the phone to call. */
export function CallPatients({ fromDay, days }: { fromDay: string; days: number }) {
  const t = useT();
  const { format } = usePlace();
  const { clinicTimeZone: zone } = useClinic();
  const list = useCallList(
    startOfDay(fromDay, zone).toISOString(),
    startOfDay(addDays(fromDay, days), zone).toISOString(),
  );
  const clear = useClearCall();
  if (!list.data || list.data.length === 0) return null;
  return (
    <Alert color="red" title={t('notices.callList')} data-testid="call-patients">
      <Stack gap={4}>
        {list.data.map((c) => (
          <Group key={c.appointmentId} justify="space-between" gap="xs">
            <Text size="sm">
              {t('notices.callLine', { time: format.dateTime(c.startsAt), patient: c.patientName })}{' '}
              {c.phone && (
                <a href={`tel:${c.phone}`} dir="ltr">
                  {c.phone}
                </a>
              )}
            </Text>
            <Button
              size="compact-sm"
              variant="outline"
              loading={clear.isPending}
              onClick={() => clear.mutate(c.appointmentId)}
            >
              {t('notices.callDone')}
            </Button>
          </Group>
        ))}
      </Stack>
    </Alert>
  );
}
