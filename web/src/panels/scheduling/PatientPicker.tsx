import { Radio, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { useT } from '../../i18n';
import { Words } from '../../i18n/rich';
import { useClinic } from '../../ui/place';
import type { Patient } from './api';

/** Who the visit is for: an existing patient found by name or phone, or a new one (name + phone). */
export type PatientChoice =
  | { kind: 'existing'; patient: Patient }
  | { kind: 'new'; fullName: string; phone: string }
  | null;

export function PatientPicker({
  value,
  onChange,
}: {
  value: PatientChoice;
  onChange: (v: PatientChoice) => void;
}) {
  const t = useT();
  const { clinicId } = useClinic();
  const [mode, setMode] = useState<'find' | 'new'>('find');
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q.trim(), 250);
  const found = useQuery({
    queryKey: ['clinic', clinicId, 'patients', 'search', debounced],
    enabled: debounced.length >= 2,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/clinics/{clinicId}/patients', {
          params: { path: { clinicId }, query: { q: debounced, limit: 8 } },
        }),
      ),
  });
  const fresh = value?.kind === 'new' ? value : { kind: 'new' as const, fullName: '', phone: '' };
  return (
    <Stack gap="xs">
      <SegmentedControl
        value={mode}
        onChange={(v) => {
          setMode(v === 'new' ? 'new' : 'find');
          onChange(null);
        }}
        data={[
          { value: 'find', label: t('schedule.findPatient') },
          { value: 'new', label: t('schedule.newPatient') },
        ]}
      />
      {mode === 'find' ? (
        <>
          <TextInput
            label={t('schedule.patientSearch')}
            description={t('schedule.patientSearchHint')}
            value={q}
            onChange={(e) => setQ(e.currentTarget.value)}
            data-testid="patient-search"
          />
          {found.data && found.data.items.length === 0 && (
            <Text size="sm" c="dimmed">
              {t('schedule.noPatients')}
            </Text>
          )}
          {found.data && found.data.items.length > 0 && (
            <Radio.Group
              label={t('schedule.pickPatient')}
              value={value?.kind === 'existing' ? value.patient.id : null}
              onChange={(id) => {
                const p = found.data.items.find((x) => x.id === id);
                if (p) onChange({ kind: 'existing', patient: p });
              }}
            >
              <Stack gap={6} mt={4}>
                {found.data.items.map((p) => (
                  <Radio
                    key={p.id}
                    value={p.id}
                    label={
                      <Words
                        k="schedule.patientWithPhone"
                        values={{
                          patient: p.fullName,
                          phone: p.phone ? <span dir="ltr">{p.phone}</span> : t('common.none'),
                        }}
                      />
                    }
                  />
                ))}
              </Stack>
            </Radio.Group>
          )}
        </>
      ) : (
        <>
          <TextInput
            label={t('schedule.patientName')}
            required
            value={fresh.fullName}
            onChange={(e) => onChange({ ...fresh, fullName: e.currentTarget.value })}
          />
          <TextInput
            label={t('schedule.patientPhone')}
            description={t('schedule.patientPhoneHint')}
            required
            type="tel"
            dir="ltr"
            value={fresh.phone}
            onChange={(e) => onChange({ ...fresh, phone: e.currentTarget.value })}
          />
        </>
      )}
    </Stack>
  );
}
