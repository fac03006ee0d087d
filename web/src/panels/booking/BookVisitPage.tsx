import { Alert, Button, Chip, Group, Loader, Select, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { useI18n, useT } from '../../i18n';
import { ErrorState } from '../../ui/ErrorState';
import { FormError } from '../../ui/FormError';
import { useClinic, usePlace } from '../../ui/place';

/**
 * A signed-in patient books a visit: service → doctor (or first available) → day → time →
 * confirm. The free times are the public booking list's; no SMS code, the session is proof enough.
 */
export function BookVisitPage() {
  const t = useT();
  const { locale } = useI18n();
  const { clinicId, clinicSlug: slug } = useClinic();
  const { format } = usePlace();
  const queryClient = useQueryClient();
  const [serviceId, setServiceId] = useState<string | null>(null);
  const [doctorId, setDoctorId] = useState<string>('any');
  const [date, setDate] = useState<string | null>(null);
  const [start, setStart] = useState<string | null>(null);
  const path = { path: { slug } };
  const services = useQuery({
    queryKey: ['public', slug, 'services'],
    queryFn: () => unwrap(api.GET('/api/v1/public/clinics/{slug}/services', { params: path })),
  });
  const doctors = useQuery({
    queryKey: ['public', slug, 'doctors', serviceId],
    enabled: serviceId !== null,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/public/clinics/{slug}/doctors', {
          params: { ...path, query: { serviceId: serviceId ?? '' } },
        }),
      ),
  });
  const days = useQuery({
    queryKey: ['public', slug, 'days', serviceId, doctorId],
    enabled: serviceId !== null,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/public/clinics/{slug}/days', {
          params: { ...path, query: { serviceId: serviceId ?? '', doctorId } },
        }),
      ),
  });
  const slots = useQuery({
    queryKey: ['public', slug, 'slots', serviceId, doctorId, date],
    enabled: serviceId !== null && date !== null,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/public/clinics/{slug}/slots', {
          params: { ...path, query: { serviceId: serviceId ?? '', doctorId, date: date ?? '' } },
        }),
      ),
  });
  const book = useMutation({
    mutationFn: (startsAt: string) =>
      unwrap(
        api.POST('/api/v1/clinics/{clinicId}/me/bookings', {
          params: { path: { clinicId } },
          body: { slug, serviceId: serviceId ?? '', doctorId, startsAt },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['clinic', clinicId] }),
    onError: () => void slots.refetch(),
  });
  const name = (s: { name: string; nameAr: string | null }) =>
    locale === 'ar' && s.nameAr ? s.nameAr : s.name;
  if (book.data)
    return (
      <Stack gap="md" maw={560}>
        <Alert color={book.data.status === 'confirmed' ? 'teal' : 'orange'} data-testid="booked">
          <Text fw={700}>
            {t(book.data.status === 'confirmed' ? 'bookVisit.confirmed' : 'bookVisit.requested')}
          </Text>
          <Text>{format.dateTime(book.data.startsAt)}</Text>
        </Alert>
      </Stack>
    );
  const seen = new Set<string>();
  const times = (slots.data?.slots ?? []).filter(
    (s) => doctorId !== 'any' || (!seen.has(s.start) && seen.add(s.start)),
  );
  return (
    <Stack gap="md" maw={560}>
      <Title order={1} size="h2">
        {t('bookVisit.title')}
      </Title>
      {services.isPending && <Loader size="sm" role="status" aria-label={t('common.loading')} />}
      {services.isError && <ErrorState error={services.error} onRetry={() => services.refetch()} />}
      {services.data && (
        <Select
          label={t('bookVisit.service')}
          data={services.data.services.map((s) => ({ value: s.id, label: name(s) }))}
          value={serviceId}
          onChange={(v) => {
            setServiceId(v);
            setDate(null);
            setStart(null);
          }}
          size="md"
          data-testid="book-service"
        />
      )}
      {serviceId && doctors.data && (
        <Select
          label={t('bookVisit.doctor')}
          data={[
            { value: 'any', label: t('bookVisit.anyDoctor') },
            ...doctors.data.items.map((d) => ({ value: d.id, label: d.name })),
          ]}
          value={doctorId}
          onChange={(v) => {
            setDoctorId(v ?? 'any');
            setDate(null);
            setStart(null);
          }}
          size="md"
        />
      )}
      {serviceId && days.data && (
        <Stack gap={6}>
          <Text fw={600}>{t('bookVisit.day')}</Text>
          <Chip.Group
            value={date ?? ''}
            onChange={(v) => {
              setDate(typeof v === 'string' ? v : null);
              setStart(null);
            }}
          >
            <Group gap={6}>
              {days.data.days
                .filter((d) => d.free > 0)
                .map((d) => (
                  <Chip key={d.date} value={d.date} size="md" data-testid="book-day">
                    {format.day(d.date)}
                  </Chip>
                ))}
            </Group>
          </Chip.Group>
        </Stack>
      )}
      {date && slots.data && (
        <Stack gap={6}>
          <Text fw={600}>{t('bookVisit.time')}</Text>
          {times.length === 0 && <Text>{t('bookVisit.noTimes')}</Text>}
          <Group gap={6}>
            {times.map((s) => (
              <Button
                key={`${s.doctorId}-${s.start}`}
                size="md"
                variant={start === s.start ? 'filled' : s.recommended ? 'light' : 'outline'}
                onClick={() => {
                  setStart(s.start);
                  if (doctorId !== 'any') setDoctorId(s.doctorId);
                }}
                data-testid="book-time"
              >
                {format.time(s.start)}
              </Button>
            ))}
          </Group>
        </Stack>
      )}
      <FormError error={book.error} />
      {start && (
        <Button
          size="lg"
          loading={book.isPending}
          onClick={() => book.mutate(start)}
          data-testid="book-confirm"
        >
          {t('bookVisit.confirm', { when: format.dateTime(start) })}
        </Button>
      )}
    </Stack>
  );
}
