import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  CopyButton,
  Group,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconDeviceTv } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { useT } from '../../i18n';
import { DataTable } from '../../ui/DataTable';
import { FormError } from '../../ui/FormError';
import { useClinic, usePlace } from '../../ui/place';
import { queueKey } from './queue-api';

/**
 * The clinic's waiting-room screens: add one (its address is shown once, to open on the TV),
 * see which exist, switch one off (the TV shows "switched off" at once).
 */
export function DisplaysSection() {
  const t = useT();
  const { clinicId } = useClinic();
  const { format } = usePlace();
  const qc = useQueryClient();
  const key = [...queueKey(clinicId), 'displays'];
  const list = useQuery({
    queryKey: key,
    queryFn: () =>
      unwrap(api.GET('/api/v1/clinics/{clinicId}/queue/displays', { params: { path: { clinicId } } })),
    select: (d) => d.items.filter((x) => !x.revokedAt),
  });
  const [name, setName] = useState('');
  const [chime, setChime] = useState(true);
  const [created, setCreated] = useState<{ name: string; url: string } | null>(null);
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/clinics/{clinicId}/queue/displays', {
          params: { path: { clinicId } },
          body: { name: name.trim(), chime },
        }),
      ),
    onSuccess: (d) => {
      setCreated({ name: d.name, url: d.url });
      setName('');
      void qc.invalidateQueries({ queryKey: key });
    },
  });
  const revoke = useMutation({
    mutationFn: (displayId: string) =>
      unwrap(
        api.POST('/api/v1/clinics/{clinicId}/queue/displays/{displayId}/revoke', {
          params: { path: { clinicId, displayId } },
          body: {},
        }),
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: key }),
  });
  return (
    <Card withBorder data-testid="displays">
      <Stack gap="sm">
        <Group gap="xs">
          <IconDeviceTv size={20} aria-hidden />
          <Title order={2} size="h4">
            {t('queue.displays.title')}
          </Title>
        </Group>
        <Text size="sm" c="dimmed">
          {t('queue.displays.hint')}
        </Text>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim()) create.mutate();
          }}
        >
          <Group align="flex-end" wrap="wrap">
            <TextInput
              label={t('queue.displays.name')}
              placeholder={t('queue.displays.namePlaceholder')}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              required
              miw={200}
            />
            <Checkbox
              label={t('queue.displays.chime')}
              checked={chime}
              onChange={(e) => setChime(e.currentTarget.checked)}
              mb={8}
            />
            <Button type="submit" loading={create.isPending}>
              {t('queue.displays.add')}
            </Button>
          </Group>
        </form>
        <FormError error={create.error ?? revoke.error} />
        {created && (
          <Alert
            color="cyan"
            title={t('queue.displays.createdTitle', { name: created.name })}
            data-testid="display-url"
          >
            <Stack gap="xs">
              <Text size="sm">{t('queue.displays.createdHint')}</Text>
              <Group gap="xs" wrap="nowrap">
                <TextInput
                  value={created.url}
                  readOnly
                  dir="ltr"
                  aria-label={t('queue.displays.url')}
                  flex={1}
                />
                <CopyButton value={created.url}>
                  {({ copied, copy }) => (
                    <Button variant="light" onClick={copy}>
                      {t(copied ? 'queue.displays.copied' : 'queue.displays.copy')}
                    </Button>
                  )}
                </CopyButton>
              </Group>
            </Stack>
          </Alert>
        )}
        <DataTable
          label={t('queue.displays.title')}
          framed={false}
          minWidth={420}
          rows={list.data}
          rowKey={(d) => d.id}
          empty={t('queue.displays.empty')}
          columns={[
            { key: 'name', header: t('queue.displays.name'), cell: (d) => <bdi>{d.name}</bdi> },
            {
              key: 'chime',
              header: t('queue.displays.sound'),
              cell: (d) => (
                <Badge variant="outline" color={d.chime ? 'cyan.9' : 'gray.7'}>
                  {t(d.chime ? 'queue.displays.chimeOn' : 'queue.displays.chimeOff')}
                </Badge>
              ),
            },
            { key: 'since', header: t('queue.displays.since'), cell: (d) => format.since(d.createdAt) },
            {
              key: 'revoke',
              header: t('queue.displays.actions'),
              cell: (d) => (
                <Button
                  size="xs"
                  variant="light"
                  color="red"
                  loading={revoke.isPending && revoke.variables === d.id}
                  onClick={() => revoke.mutate(d.id)}
                >
                  {t('queue.displays.revoke')}
                </Button>
              ),
            },
          ]}
        />
      </Stack>
    </Card>
  );
}
