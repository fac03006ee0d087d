import { todayIn } from '@cliniclick/time';
import { Button, Group, Select, Stack, Textarea, TextInput } from '@mantine/core';
import type { components } from '../../api/schema';
import { useT } from '../../i18n';
import { FormError } from '../../ui/FormError';
import { check, useI18nForm } from '../../ui/form';
import { useClinic } from '../../ui/place';

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
  // As the server checks it: from 1900 up to the clinic's today (in its time zone).
  const today = todayIn(useClinic().clinicTimeZone);
  const f = useI18nForm<PatientFields>({
    initialValues: initial,
    // The phone is the person's sign-in: given once, at registration.
    required: editing ? ['fullName'] : ['fullName', 'phone'],
    rules: {
      phone: (v) => (editing ? null : check.phone(v)),
      email: check.email,
      birthDate: (v) => (!v || (v >= '1900-01-01' && v <= today) ? null : 'patients.birthDateRange'),
    },
  });
  const optional = (label: string) => `${label} ${t('common.optional')}`;
  return (
    <form onSubmit={f.submit(onSubmit)} noValidate>
      <Stack>
        <TextInput
          label={t('patients.fullName')}
          required
          autoComplete="off"
          {...f.field('fullName')}
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
          {...f.field('phone')}
        />
        <TextInput label={optional(t('patients.email'))} type="email" dir="ltr" {...f.field('email')} />
        <Group grow align="flex-start">
          <TextInput
            label={optional(t('patients.birthDate'))}
            type="date"
            min="1900-01-01"
            max={today}
            {...f.field('birthDate')}
          />
          <Select
            label={optional(t('patients.sex'))}
            data={SEXES.map((s) => ({ value: s, label: t(`sex.${s}`) }))}
            {...f.field('sex')}
            clearable
            comboboxProps={{ withinPortal: true }}
          />
        </Group>
        <Textarea
          label={optional(t('patients.notes'))}
          autosize
          minRows={2}
          maxLength={2000}
          {...f.field('notes')}
        />
        <FormError error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={pending} disabled={!f.ready}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
