import { Button, CopyButton, Group, Stack, Text, TextInput } from '@mantine/core';
import { IconCalendarShare, IconCheck, IconCopy } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { useT } from '../../i18n';
import { ErrorState } from '../../ui/ErrorState';
import { FormError } from '../../ui/FormError';
import { Panel } from '../../ui/Panel';
import { useClinic, usePlace } from '../../ui/place';

/**
 * A doctor's calendar feed: one private link their phone or desktop calendar subscribes to. The
 * link is shown once, when made (only its hash is kept); replacing it stops the old one, turning
 * it off stops it altogether.
 */
export function CalendarFeed({ doctorId }: { doctorId: string }) {
  const t = useT();
  const { format } = usePlace();
  const { clinicId } = useClinic();
  const queryClient = useQueryClient();
  const params = { params: { path: { clinicId, doctorId } } };
  const key = ['clinic', clinicId, 'calendar-feed', doctorId];
  const status = useQuery({
    queryKey: key,
    queryFn: () => unwrap(api.GET('/api/v1/clinics/{clinicId}/doctors/{doctorId}/calendar-feed', params)),
  });
  const [url, setUrl] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: key });
  const issue = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/clinics/{clinicId}/doctors/{doctorId}/calendar-feed', params)),
    onSuccess: (feed) => {
      setUrl(feed.url);
      return refresh();
    },
  });
  const revoke = useMutation({
    mutationFn: () =>
      unwrap(api.DELETE('/api/v1/clinics/{clinicId}/doctors/{doctorId}/calendar-feed', params)),
    onSuccess: () => {
      setUrl(null);
      return refresh();
    },
  });
  const active = status.data?.active ?? false;

  return (
    <Panel title={t('feed.title')} icon={IconCalendarShare} testId="calendar-feed">
      <Stack gap="sm">
        {status.isError && <ErrorState error={status.error} onRetry={() => status.refetch()} />}
        <Text size="sm">{t('feed.explain')}</Text>
        {url ? (
          <Stack gap="xs">
            <Group gap="xs" align="flex-end" wrap="nowrap">
              <TextInput
                label={t('feed.link')}
                value={url}
                readOnly
                dir="ltr"
                style={{ flex: 1 }}
                onFocus={(e) => e.currentTarget.select()}
                data-testid="feed-url"
              />
              <CopyButton value={url}>
                {({ copied, copy }) => (
                  <Button
                    variant="default"
                    onClick={copy}
                    leftSection={
                      copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />
                    }
                  >
                    {copied ? t('feed.copied') : t('feed.copy')}
                  </Button>
                )}
              </CopyButton>
            </Group>
            <Text size="sm" c="dimmed">
              {t('feed.shownOnce')}
            </Text>
          </Stack>
        ) : (
          active &&
          status.data?.createdAt && (
            <Text size="sm" data-testid="feed-status">
              {t('feed.on', { since: format.since(status.data.createdAt) })}
            </Text>
          )
        )}
        <FormError error={issue.error ?? revoke.error} />
        <Group gap="sm">
          <Button onClick={() => issue.mutate()} loading={issue.isPending} disabled={status.isPending}>
            {active ? t('feed.replace') : t('feed.turnOn')}
          </Button>
          {active && (
            <Button variant="default" color="red" onClick={() => revoke.mutate()} loading={revoke.isPending}>
              {t('feed.turnOff')}
            </Button>
          )}
        </Group>
      </Stack>
    </Panel>
  );
}
