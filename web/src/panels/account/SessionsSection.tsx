import { Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { IconDeviceDesktop, IconLogout } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { useT } from '../../i18n';
import { ErrorState } from '../../ui/ErrorState';
import { FormError } from '../../ui/FormError';
import { Notice, useNotice } from '../../ui/notify';
import { usePlace } from '../../ui/place';
import { SecuritySection } from './SecuritySection';

export const SESSIONS_KEY = ['me', 'sessions'] as const;

type Session = components['schemas']['AccountSession'];

/** The devices signed in to this account, this one first-class; sign out one, or all the others. */
export function SessionsSection() {
  const t = useT();
  const { format } = usePlace();
  const notice = useNotice();
  const queryClient = useQueryClient();
  const sessions = useQuery({
    queryKey: SESSIONS_KEY,
    queryFn: () => unwrap(api.GET('/api/v1/me/sessions')),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: SESSIONS_KEY });
  const signOut = useMutation({
    mutationFn: (id: string) =>
      unwrap(api.DELETE('/api/v1/me/sessions/{sessionId}', { params: { path: { sessionId: id } } })),
    onSuccess: refresh,
  });
  const signOutOthers = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/me/sessions/revoke-others')),
    onSuccess: (r) => {
      notice.show(t('security.sessions.signedOut', { count: r.signedOut }));
      void refresh();
    },
  });
  const device = (s: Session) =>
    s.browser && s.os
      ? t('security.sessions.device', { browser: s.browser, os: s.os })
      : (s.browser ?? s.os ?? t('security.sessions.unknownDevice'));
  const items = sessions.data?.items ?? [];
  const others = items.filter((s) => !s.current);
  return (
    <SecuritySection
      id="sessions-title"
      title={t('security.sessions.title')}
      intro={t('security.sessions.intro')}
    >
      <Notice notice={notice} />
      {sessions.isError ? (
        <ErrorState error={sessions.error} onRetry={() => sessions.refetch()} />
      ) : (
        <Stack
          gap="xs"
          component="ul"
          style={{ listStyle: 'none', padding: 0, margin: 0 }}
          data-testid="sessions"
        >
          {items.map((s) => (
            <Paper key={s.id} component="li" withBorder radius="sm" p="sm" data-testid="session">
              <Group justify="space-between" wrap="wrap" gap="sm">
                <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
                  <IconDeviceDesktop size={22} aria-hidden />
                  <div style={{ minWidth: 0 }}>
                    <Group gap="xs">
                      <Text fw={600}>{device(s)}</Text>
                      {s.current && (
                        <Badge color="teal.9" variant="filled">
                          {t('security.sessions.thisDevice')}
                        </Badge>
                      )}
                    </Group>
                    <Text size="sm" c="dimmed">
                      {t('security.sessions.details', {
                        created: format.dateTime(s.createdAt),
                        lastSeen: format.dateTime(s.lastSeenAt),
                      })}
                      {s.ip ? ` · ${t('security.sessions.from', { ip: s.ip })}` : ''}
                    </Text>
                  </div>
                </Group>
                {!s.current && (
                  <Button
                    variant="default"
                    size="xs"
                    leftSection={<IconLogout size={14} aria-hidden />}
                    loading={signOut.isPending && signOut.variables === s.id}
                    onClick={() => signOut.mutate(s.id)}
                    aria-label={t('security.sessions.signOutDevice', { device: device(s) })}
                  >
                    {t('security.sessions.signOut')}
                  </Button>
                )}
              </Group>
            </Paper>
          ))}
        </Stack>
      )}
      <FormError error={signOut.error ?? signOutOthers.error} />
      {sessions.isSuccess &&
        (others.length > 0 ? (
          <Button
            color="red"
            variant="light"
            onClick={() => signOutOthers.mutate()}
            loading={signOutOthers.isPending}
            style={{ alignSelf: 'flex-start' }}
          >
            {t('security.sessions.signOutOthers')}
          </Button>
        ) : (
          <Text size="sm">{t('security.sessions.onlyThis')}</Text>
        ))}
    </SecuritySection>
  );
}
