import { Badge, Button, Group, Stack, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { useT } from '../../i18n';
import { FormError } from '../../ui/FormError';
import { useI18nForm } from '../../ui/form';
import { useClinic } from '../../ui/place';
import { useInvalidateSchedule, useRooms } from './api';
import { Section } from './Section';

/** Rooms that work hours and room-bound services use; a retired room takes no new visits. */
export function RoomsPanel() {
  const t = useT();
  const { clinicId } = useClinic();
  const rooms = useRooms();
  const invalidate = useInvalidateSchedule();
  const f = useI18nForm({ initialValues: { name: '' }, required: ['name'] });
  const add = useMutation({
    mutationFn: (name: string) =>
      unwrap(
        api.POST('/api/v1/clinics/{clinicId}/rooms', {
          params: { path: { clinicId } },
          body: { name: name.trim() },
        }),
      ),
    onSuccess: async () => {
      f.reset();
      await invalidate();
    },
  });
  const toggle = useMutation({
    mutationFn: ({ roomId, active }: { roomId: string; active: boolean }) =>
      unwrap(
        api.PATCH('/api/v1/clinics/{clinicId}/rooms/{roomId}', {
          params: { path: { clinicId, roomId } },
          body: { active },
        }),
      ),
    onSettled: invalidate,
  });
  return (
    <Section id="rooms-title" title={t('setup.rooms')}>
      <Stack gap="xs">
        {rooms.data?.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('setup.noRooms')}
          </Text>
        )}
        {rooms.data?.map((r) => (
          <Group key={r.id} gap="sm" wrap="nowrap">
            <Text size="sm" fw={600} style={{ flex: 1, minWidth: 0 }} truncate>
              {r.name}
            </Text>
            <Badge color={r.active ? 'teal.9' : 'gray.7'} variant="filled" tt="none">
              {t(r.active ? 'setup.inUse' : 'setup.retired')}
            </Badge>
            <Button
              size="compact-sm"
              variant="default"
              loading={toggle.isPending && toggle.variables?.roomId === r.id}
              onClick={() => toggle.mutate({ roomId: r.id, active: !r.active })}
            >
              {t(r.active ? 'setup.retire' : 'setup.reuse')}
              <VisuallyHidden> {r.name}</VisuallyHidden>
            </Button>
          </Group>
        ))}
        <form onSubmit={f.submit((v) => add.mutate(v.name))} noValidate>
          <Group gap="xs" align="flex-end">
            <TextInput label={t('setup.roomName')} {...f.field('name')} style={{ flex: '1 1 200px' }} />
            <Button type="submit" disabled={!f.ready} loading={add.isPending}>
              {t('setup.addRoom')}
            </Button>
          </Group>
        </form>
        <FormError error={add.error ?? toggle.error} />
      </Stack>
    </Section>
  );
}
