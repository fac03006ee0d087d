import { Button, Group, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import type { components } from '../../api/schema';
import { useT } from '../../i18n';
import { FormError } from '../../ui/FormError';

export type Patient = components['schemas']['Patient'];
type Sex = NonNullable<Patient['sex']>;
const SEXES: Sex[] = ['female', 'male', 'other', 'unknown'];

export interface PatientFields {
  fullName: string;
  phone: string;
  email: string;
  birthDate: string;
  sex: Sex | null;
  notes: string;
}

export const emptyPatient: PatientFields = {
  fullName: '',
  phone: '',
  email: '',
  birthDate: '',
  sex: null,
  notes: '',
};

export function fieldsOf(p: Patient): PatientFields {
  return {
    fullName: p.fullName,
    phone: p.phone ?? '',
    email: p.email ?? '',
    birthDate: p.birthDate ?? '',
    sex: p.sex,
    notes: p.notes ?? '',
  };
}

/**
 * The patient form, for registering (name and phone are enough) and for editing (the phone is
 * the person's sign-in and is not changed here).
 */
export function PatientForm({
  initial,
  editing,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  initial: PatientFields;
  editing: boolean;
  pending: boolean;
  error: unknown;
  onSubmit: (f: PatientFields) => void;
  onCancel: () => void;
}) {
  const t = useT();
  const [f, setF] = useState(initial);
  const set = <K extends keyof PatientFields>(k: K, v: PatientFields[K]) =>
    setF((old) => ({ ...old, [k]: v }));
  const optional = (label: string) => `${label} ${t('common.optional')}`;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit(f);
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <TextInput
          label={t('patients.fullName')}
          required
          autoComplete="off"
          value={f.fullName}
          onChange={(e) => set('fullName', e.currentTarget.value)}
          data-autofocus
        />
        <TextInput
          label={t('patients.phone')}
          description={t('patients.phoneHint')}
          required={!editing}
          disabled={editing}
          type="tel"
          inputMode="tel"
          dir="ltr"
          value={f.phone}
          onChange={(e) => set('phone', e.currentTarget.value)}
        />
        <TextInput
          label={optional(t('patients.email'))}
          type="email"
          dir="ltr"
          value={f.email}
          onChange={(e) => set('email', e.currentTarget.value)}
        />
        <Group grow align="flex-start">
          <TextInput
            label={optional(t('patients.birthDate'))}
            type="date"
            value={f.birthDate}
            onChange={(e) => set('birthDate', e.currentTarget.value)}
          />
          <Select
            label={optional(t('patients.sex'))}
            data={SEXES.map((s) => ({ value: s, label: t(`sex.${s}`) }))}
            value={f.sex}
            onChange={(v) => set('sex', (v as Sex | null) ?? null)}
            clearable
            comboboxProps={{ withinPortal: true }}
          />
        </Group>
        <Textarea
          label={optional(t('patients.notes'))}
          autosize
          minRows={2}
          maxLength={2000}
          value={f.notes}
          onChange={(e) => set('notes', e.currentTarget.value)}
        />
        <FormError error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button
            type="submit"
            loading={pending}
            disabled={!f.fullName.trim() || (!editing && !f.phone.trim())}
          >
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
