import { Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconCheck } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { useT } from '../../i18n';
import { Words } from '../../i18n/rich';
import { useClinic } from '../../ui/place';

/** Who walked in: a patient found by name or phone, or a new one by name and phone. */
export type WalkInWho = { patientId: string; fullName: string } | { fullName: string; phone: string };

/**
 * The walk-in's patient: search the clinic's patients (one tap picks one), or type a new name
 * and phone (a phone the clinic knows finds that patient on the server, never a duplicate).
 */
export function WalkInPatient({ value, onChange }: { value: WalkInWho; onChange: (v: WalkInWho) => void }) {
  const t = useT();
  const { clinicId } = useClinic();
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q.trim(), 250);
  const found = useQuery({
    queryKey: ['clinic', clinicId, 'patients', 'search', debounced],
    enabled: debounced.length >= 2,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/clinics/{clinicId}/patients', {
          params: { path: { clinicId }, query: { q: debounced, limit: 5 } },
        }),
      ),
  });
  const picked = 'patientId' in value ? value : null;
  const fresh = 'phone' in value ? value : { fullName: '', phone: '' };
  if (picked)
    return (
      <Group justify="space-between" data-testid="walk-in-picked">
        <Text fw={600}>
          <bdi>{picked.fullName}</bdi>
        </Text>
        <Button variant="subtle" size="xs" onClick={() => onChange({ fullName: '', phone: '' })}>
          {t('queue.walkIn.change')}
        </Button>
      </Group>
    );
  return (
    <Stack gap="xs">
      <TextInput
        label={t('queue.walkIn.find')}
        description={t('queue.walkIn.findHint')}
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        data-autofocus
      />
      {found.data?.items.map((p) => (
        <Group key={p.id} justify="space-between" wrap="nowrap" gap="xs">
          <Text size="sm" truncate>
            <Words
              k="queue.walkIn.patientLine"
              values={{ name: p.fullName, phone: <span dir="ltr">{p.phone ?? ''}</span> }}
            />
          </Text>
          <Button
            size="compact-sm"
            variant="light"
            leftSection={<IconCheck size={14} aria-hidden />}
            onClick={() => onChange({ patientId: p.id, fullName: p.fullName })}
          >
            {t('queue.walkIn.pick')}
          </Button>
        </Group>
      ))}
      <Text size="sm" c="dimmed">
        {t('queue.walkIn.orNew')}
      </Text>
      <Group grow wrap="wrap" align="flex-start">
        <TextInput
          label={t('queue.walkIn.name')}
          value={fresh.fullName}
          onChange={(e) => onChange({ ...fresh, fullName: e.currentTarget.value })}
          miw={180}
        />
        <TextInput
          label={t('queue.walkIn.phone')}
          type="tel"
          dir="ltr"
          value={fresh.phone}
          onChange={(e) => onChange({ ...fresh, phone: e.currentTarget.value })}
          miw={180}
        />
      </Group>
    </Stack>
  );
}
