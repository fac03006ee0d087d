import { Button, Radio, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconUserPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
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
  const search = useRef<HTMLInputElement>(null);
  const phoneField = useRef<HTMLInputElement>(null);
  const nameField = useRef<HTMLInputElement>(null);
  const [focusNext, setFocusNext] = useState<'search' | 'name' | 'phone'>('search');
  // The next keystroke goes where it is needed: the search when the form opens, the missing field
  // of a new patient after "Add … as a new patient".
  // biome-ignore lint/correctness/useExhaustiveDependencies: the mode switch mounts other fields
  useEffect(() => {
    const el = { search, name: nameField, phone: phoneField }[focusNext].current;
    el?.focus();
  }, [focusNext, mode]);

  // One match is the patient: chosen by itself. A choice the latest search no longer shows is
  // dropped, so Enter never books someone who is not on the screen.
  const items = found.data?.items;
  const chosenId = value?.kind === 'existing' ? value.patient.id : null;
  useEffect(() => {
    if (!items || mode !== 'find') return;
    if (items.length === 1 && chosenId !== items[0]!.id) onChange({ kind: 'existing', patient: items[0]! });
    else if (chosenId && !items.some((p) => p.id === chosenId)) onChange(null);
  }, [items, chosenId, mode, onChange]);

  const typed = q.trim();
  const typedPhone = /^\+?[\d\s()-]{4,}$/.test(typed);
  return (
    <Stack gap="xs">
      <SegmentedControl
        value={mode}
        onChange={(v) => {
          setMode(v === 'new' ? 'new' : 'find');
          setFocusNext(v === 'new' ? 'name' : 'search');
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
            ref={search}
            data-autofocus
            data-testid="patient-search"
          />
          {found.data && found.data.items.length === 0 && debounced === typed && (
            <>
              <Text size="sm" c="dimmed">
                {t('schedule.noPatients')}
              </Text>
              <Button
                variant="light"
                w="fit-content"
                leftSection={<IconUserPlus size={16} aria-hidden />}
                onClick={() => {
                  setMode('new');
                  setFocusNext(typedPhone ? 'name' : 'phone');
                  onChange({
                    kind: 'new',
                    fullName: typedPhone ? '' : typed,
                    phone: typedPhone ? typed : '',
                  });
                }}
                data-testid="add-typed"
              >
                {t('frontdesk.addTyped', { name: typed })}
              </Button>
            </>
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
            ref={nameField}
            value={fresh.fullName}
            onChange={(e) => onChange({ ...fresh, fullName: e.currentTarget.value })}
          />
          <TextInput
            label={t('schedule.patientPhone')}
            description={t('schedule.patientPhoneHint')}
            required
            ref={phoneField}
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
