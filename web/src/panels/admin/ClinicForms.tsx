import { Button, Group, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { LOCALES, type Locale, useT } from '../../i18n';
import { FormError } from '../../ui/FormError';

export type Clinic = components['schemas']['Clinic'];

const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The platform admin onboards a clinic: its name, address, zone, currency, language and owner. */
export function CreateClinicForm({ onDone }: { onDone: (name: string) => void }) {
  const t = useT();
  // The device's zone first when the canonical list leaves it out (Chromium omits 'UTC'), so the
  // default shown is the one sent.
  const zones = useMemo(() => {
    const all = Intl.supportedValuesOf('timeZone');
    return all.includes(browserZone) ? all : [browserZone, ...all];
  }, []);
  const currencies = useMemo(() => Intl.supportedValuesOf('currency'), []);
  const [f, setF] = useState({
    name: '',
    slug: '',
    timeZone: browserZone,
    currency: 'USD',
    locale: 'en' as Locale,
    ownerName: '',
    ownerEmail: '',
  });
  const set = (k: keyof typeof f, v: string) => setF((o) => ({ ...o, [k]: v }));
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/admin/clinics', {
          body: {
            name: f.name,
            slug: f.slug,
            timeZone: f.timeZone,
            currency: f.currency,
            locale: f.locale,
            owner: { name: f.ownerName, email: f.ownerEmail },
          },
        }),
      ),
    onSuccess: () => onDone(f.name),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  const ready = f.name.trim() && f.slug.trim() && f.ownerName.trim() && f.ownerEmail.trim();
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <TextInput
          label={t('admin.clinicName')}
          required
          value={f.name}
          onChange={(e) => set('name', e.currentTarget.value)}
          data-autofocus
        />
        <TextInput
          label={t('admin.slug')}
          description={t('admin.slugHint', { slug: f.slug || 'my-clinic' })}
          required
          dir="ltr"
          value={f.slug}
          onChange={(e) => set('slug', e.currentTarget.value.toLowerCase().replace(/[^a-z0-9-]/g, '-'))}
        />
        <Group grow align="flex-start">
          <Select
            label={t('admin.timeZone')}
            data={zones}
            searchable
            value={f.timeZone}
            onChange={(v) => v && set('timeZone', v)}
            allowDeselect={false}
          />
          <Select
            label={t('admin.currency')}
            data={currencies}
            searchable
            value={f.currency}
            onChange={(v) => v && set('currency', v)}
            allowDeselect={false}
          />
        </Group>
        <Select
          label={t('admin.language')}
          data={(Object.keys(LOCALES) as Locale[]).map((l) => ({ value: l, label: LOCALES[l].label }))}
          value={f.locale}
          onChange={(v) => v && set('locale', v)}
          allowDeselect={false}
        />
        <TextInput
          label={t('admin.ownerName')}
          required
          value={f.ownerName}
          onChange={(e) => set('ownerName', e.currentTarget.value)}
        />
        <TextInput
          label={t('admin.ownerEmail')}
          description={t('admin.ownerHint')}
          type="email"
          dir="ltr"
          required
          value={f.ownerEmail}
          onChange={(e) => set('ownerEmail', e.currentTarget.value)}
        />
        <FormError error={create.error} />
        <Group justify="flex-end">
          <Button type="submit" loading={create.isPending} disabled={!ready}>
            {t('admin.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Suspend (with a reason, kept in the audit log) or reactivate a clinic. */
export function ClinicStatusForm({ clinic, onDone }: { clinic: Clinic; onDone: () => void }) {
  const t = useT();
  const [reason, setReason] = useState('');
  const suspending = clinic.status === 'active';
  const change = useMutation({
    mutationFn: () =>
      suspending
        ? unwrap(
            api.POST('/api/v1/admin/clinics/{clinicId}/suspend', {
              params: { path: { clinicId: clinic.id } },
              body: { reason },
            }),
          )
        : unwrap(
            api.POST('/api/v1/admin/clinics/{clinicId}/reactivate', {
              params: { path: { clinicId: clinic.id } },
              body: reason.trim() ? { reason } : {},
            }),
          ),
    onSuccess: onDone,
  });
  return (
    <Stack>
      {suspending && <Text>{t('admin.suspendBody')}</Text>}
      <Textarea
        label={suspending ? t('admin.reason') : `${t('admin.reason')} ${t('common.optional')}`}
        required={suspending}
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        maxLength={500}
        data-autofocus
      />
      <FormError error={change.error} />
      <Group justify="flex-end">
        <Button
          color={suspending ? 'red.9' : undefined}
          loading={change.isPending}
          disabled={suspending && !reason.trim()}
          onClick={() => change.mutate()}
        >
          {suspending ? t('admin.suspend') : t('admin.reactivate')}
        </Button>
      </Group>
    </Stack>
  );
}
