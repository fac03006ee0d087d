import {
  Badge,
  Button,
  Checkbox,
  ColorSwatch,
  Group,
  Loader,
  Paper,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { useT } from '../../i18n';
import { DataTable } from '../../ui/DataTable';
import { ErrorState } from '../../ui/ErrorState';
import { FormError } from '../../ui/FormError';
import { useI18nForm } from '../../ui/form';
import { Page } from '../../ui/Page';
import { panelPath, useClinic, usePlace } from '../../ui/place';
import { type Doctor, type Service, useDoctors, useInvalidateSchedule, useServices } from './api';
import { LanguagesInput } from './LanguagesInput';
import { useServiceName } from './names';
import { OfferOverride } from './OfferOverride';
import { RoomsPanel } from './RoomsPanel';
import { Section } from './Section';
import { ServiceForm } from './ServiceForm';
import { SlotGridPanel } from './SlotGridPanel';
import { VisitRulesPanel } from './VisitRules';

/** What the clinic offers and who offers it: services, then each doctor's profile and services. */
export function SetupPage() {
  const t = useT();
  return (
    <Page title={t('setup.title')} subtitle={t('setup.subtitle')}>
      <VisitRulesPanel />
      <ServicesPanel />
      <RoomsPanel />
      <SlotGridPanel />
      <DoctorsPanel />
    </Page>
  );
}

function ServicesPanel() {
  const t = useT();
  const { format } = usePlace();
  const services = useServices();
  const nameOf = useServiceName();
  const [editing, setEditing] = useState<Service | null | 'new'>(null);
  return (
    <Section
      id="services-title"
      title={t('setup.services')}
      action={
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing('new')}>
          {t('setup.addService')}
        </Button>
      }
    >
      {services.isPending && <Loader size="sm" role="status" aria-label={t('common.loading')} />}
      {services.isError && <ErrorState error={services.error} onRetry={() => services.refetch()} />}
      {services.data && (
        <DataTable
          label={t('setup.services')}
          framed={false}
          rows={services.data}
          rowKey={(s) => s.id}
          rowTestId="service-row"
          empty={t('common.none')}
          columns={[
            {
              key: 'name',
              header: t('setup.serviceName'),
              cell: (s) => (
                <Group gap="xs" wrap="nowrap">
                  <ColorSwatch color={s.color ?? '#868e96'} size={14} aria-hidden />
                  <Text size="sm" fw={600}>
                    <bdi>{nameOf(s)}</bdi>
                  </Text>
                </Group>
              ),
            },
            {
              key: 'duration',
              header: t('setup.duration'),
              cell: (s) => t('setup.minutes', { count: s.durationMin }),
            },
            { key: 'price', header: t('schedule.price'), cell: (s) => format.money(s.priceMinor) },
            {
              key: 'mode',
              header: t('schedule.mode'),
              cell: (s) =>
                `${t(`schedule.mode.${s.mode}`)}${s.requiresRoom ? ` · ${t('setup.needsRoom')}` : ''}`,
            },
            {
              key: 'buffers',
              header: t('setup.buffers'),
              cell: (s) =>
                t('setup.bufferValue', {
                  before: format.number(s.bufferBeforeMin),
                  after: format.number(s.bufferAfterMin),
                }),
            },
            {
              key: 'state',
              header: t('setup.state'),
              cell: (s) => (
                <Badge color={s.active ? 'teal.9' : 'gray.7'} variant="filled" tt="none">
                  {t(s.active ? 'setup.offered' : 'setup.retired')}
                </Badge>
              ),
            },
            {
              key: 'edit',
              header: t('admin.colActions'),
              cell: (s) => (
                <Button size="compact-sm" variant="default" onClick={() => setEditing(s)}>
                  {t('setup.edit')}
                  <VisuallyHidden> {nameOf(s)}</VisuallyHidden>
                </Button>
              ),
            },
          ]}
        />
      )}
      <ServiceForm
        service={editing === 'new' ? null : editing}
        opened={editing !== null}
        onClose={() => setEditing(null)}
      />
    </Section>
  );
}

function DoctorsPanel() {
  const t = useT();
  const clinic = useClinic();
  const doctors = useDoctors();
  const services = useServices();
  return (
    <Stack gap="sm" component="section" aria-labelledby="doctors-title">
      <Group justify="space-between">
        <Title order={2} size="h4" id="doctors-title">
          {t('setup.doctors')}
        </Title>
        {/* Staff join by invitation, which only the owner sends. */}
        {clinic.role === 'owner' && (
          <Button
            component={Link}
            to={`${panelPath(clinic)}/add-doctor`}
            variant="default"
            leftSection={<IconPlus size={16} aria-hidden />}
          >
            {t('addDoctor.open')}
          </Button>
        )}
      </Group>
      {doctors.isError && <ErrorState error={doctors.error} onRetry={() => doctors.refetch()} />}
      {doctors.data?.length === 0 && <Text c="dimmed">{t('schedule.noDoctors')}</Text>}
      {doctors.data?.map((d) => (
        <DoctorCard key={d.id} doctor={d} services={services.data ?? []} />
      ))}
    </Stack>
  );
}

function DoctorCard({ doctor, services }: { doctor: Doctor; services: Service[] }) {
  const t = useT();
  const nameOf = useServiceName();
  const { clinicId } = useClinic();
  const invalidate = useInvalidateSchedule();
  const f = useI18nForm({
    initialValues: { specialty: doctor.specialty ?? '', bio: doctor.bio ?? '', languages: doctor.languages },
  });
  const { specialty, bio, languages } = f.values;
  const path = { clinicId, doctorId: doctor.id };
  const profile = useMutation({
    mutationFn: ({ specialty, bio, languages }: typeof f.values) =>
      unwrap(
        api.PATCH('/api/v1/clinics/{clinicId}/doctors/{doctorId}', {
          params: { path },
          body: { specialty: specialty.trim() || null, bio: bio.trim() || null, languages },
        }),
      ),
    onSuccess: invalidate,
  });
  const offer = useMutation({
    mutationFn: ({ serviceId, on }: { serviceId: string; on: boolean }) =>
      on
        ? unwrap(
            api.PUT('/api/v1/clinics/{clinicId}/doctors/{doctorId}/services/{serviceId}', {
              params: { path: { ...path, serviceId } },
              body: {},
            }),
          )
        : unwrap(
            api.DELETE('/api/v1/clinics/{clinicId}/doctors/{doctorId}/services/{serviceId}', {
              params: { path: { ...path, serviceId } },
            }),
          ),
    onSettled: invalidate,
  });
  const changed =
    specialty !== (doctor.specialty ?? '') ||
    bio !== (doctor.bio ?? '') ||
    languages.join() !== doctor.languages.join();
  return (
    <Paper withBorder p="md" data-testid="doctor-card">
      <Title order={3} size="h5" mb="xs">
        {doctor.name}
      </Title>
      <Group align="flex-start" gap="lg" wrap="wrap">
        <Stack
          gap="xs"
          style={{ flex: '1 1 280px' }}
          component="form"
          onSubmit={f.submit((v) => profile.mutate(v))}
        >
          {/* What the clinic types takes its own direction (a Latin bio in an Arabic page). */}
          <TextInput label={t('setup.specialty')} dir="auto" {...f.field('specialty')} />
          <Textarea label={t('setup.bio')} autosize minRows={2} dir="auto" {...f.field('bio')} />
          <LanguagesInput
            label={t('setup.languages')}
            description={t('setup.languagesPick')}
            {...f.field('languages')}
          />
          <FormError error={profile.error} />
          <Button type="submit" w="fit-content" disabled={!changed} loading={profile.isPending}>
            {t('setup.saveProfile')}
          </Button>
        </Stack>
        <Checkbox.Group
          label={t('setup.offers')}
          style={{ flex: '1 1 220px' }}
          value={doctor.services.map((s) => s.serviceId)}
        >
          <Stack gap={6} mt={6}>
            {services.map((s) => {
              const offered = doctor.services.find((o) => o.serviceId === s.id);
              return (
                <Stack key={s.id} gap={2}>
                  <Checkbox
                    value={s.id}
                    label={nameOf(s)}
                    disabled={offer.isPending}
                    onChange={(e) => offer.mutate({ serviceId: s.id, on: e.currentTarget.checked })}
                  />
                  {offered && <OfferOverride doctor={doctor} service={s} offer={offered} />}
                </Stack>
              );
            })}
          </Stack>
          <FormError error={offer.error} />
        </Checkbox.Group>
      </Group>
    </Paper>
  );
}
