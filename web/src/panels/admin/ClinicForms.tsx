import { Button, Group, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { LOCALES, type Locale, useT } from '../../i18n';
import { FormError } from '../../ui/FormError';
import { check, useI18nForm } from '../../ui/form';
import { cleanSlugInput, suggestSlug } from '../../ui/slug';
import { TimeZoneSelect } from '../../ui/TimeZoneSelect';

export type Clinic = components['schemas']['Clinic'];

const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The platform admin onboards a clinic: its name, address, zone, currency, language and owner. */
export function CreateClinicForm({ onDone }: { onDone: (name: string) => void }) {
  const t = useT();
  const currencies = useMemo(() => Intl.supportedValuesOf('currency'), []);
  const form = useI18nForm({
    initialValues: {
      name: '',
      slug: '',
      timeZone: browserZone,
      currency: 'USD',
      locale: 'en' as Locale,
      ownerName: '',
      ownerEmail: '',
    },
    required: ['name', 'slug', 'ownerName', 'ownerEmail'],
    rules: { ownerEmail: check.email },
  });
  // The address follows the name until someone edits it by hand.
  const [slugEdited, setSlugEdited] = useState(false);
  const create = useMutation({
    mutationFn: (f: typeof form.values) =>
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
    onSuccess: (_r, f) => onDone(f.name),
  });
  return (
    <form onSubmit={form.submit((f) => create.mutate(f))} noValidate>
      <Stack>
        <TextInput
          label={t('admin.clinicName')}
          required
          {...form.field('name')}
          onChange={(e) => {
            const name = e.currentTarget.value;
            form.setFieldValue('name', name);
            if (!slugEdited) form.setFieldValue('slug', suggestSlug(name));
          }}
          data-autofocus
        />
        <TextInput
          label={t('admin.slug')}
          description={t('admin.slugHint', { slug: form.values.slug || 'my-clinic' })}
          required
          dir="ltr"
          {...form.field('slug')}
          onChange={(e) => {
            const typed = cleanSlugInput(e.currentTarget.value);
            form.setFieldValue('slug', typed);
            // Emptied: the suggestion comes back from the name.
            setSlugEdited(typed !== '');
          }}
        />
        {/* One above the other on a phone: the zones' names need the width. */}
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <TimeZoneSelect
            label={t('admin.timeZone')}
            {...form.field('timeZone')}
            value={form.values.timeZone}
            onChange={(zone) => form.setFieldValue('timeZone', zone)}
          />
          <Select
            label={t('admin.currency')}
            data={currencies}
            searchable
            {...form.field('currency')}
            allowDeselect={false}
          />
        </SimpleGrid>
        <Select
          label={t('admin.language')}
          data={(Object.keys(LOCALES) as Locale[]).map((l) => ({ value: l, label: LOCALES[l].label }))}
          {...form.field('locale')}
          allowDeselect={false}
        />
        <TextInput label={t('admin.ownerName')} required {...form.field('ownerName')} />
        <TextInput
          label={t('admin.ownerEmail')}
          description={t('admin.ownerHint')}
          type="email"
          dir="ltr"
          required
          {...form.field('ownerEmail')}
        />
        <FormError error={create.error} />
        <Group justify="flex-end">
          <Button type="submit" loading={create.isPending} disabled={!form.ready}>
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
  const suspending = clinic.status === 'active';
  // The reason goes into the audit log: required to suspend, optional to reactivate.
  const form = useI18nForm({ initialValues: { reason: '' }, required: suspending ? ['reason'] : [] });
  const change = useMutation({
    mutationFn: ({ reason }: { reason: string }) =>
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
    <form onSubmit={form.submit((v) => change.mutate(v))} noValidate>
      <Stack>
        {suspending && <Text>{t('admin.suspendBody')}</Text>}
        <Textarea
          label={suspending ? t('admin.reason') : `${t('admin.reason')} ${t('common.optional')}`}
          required={suspending}
          {...form.field('reason')}
          maxLength={500}
          data-autofocus
        />
        <FormError error={change.error} />
        <Group justify="flex-end">
          <Button
            type="submit"
            color={suspending ? 'red.9' : undefined}
            loading={change.isPending}
            disabled={!form.ready}
          >
            {suspending ? t('admin.suspend') : t('admin.reactivate')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
