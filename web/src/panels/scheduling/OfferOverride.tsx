import { Button, Group, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { useT } from '../../i18n';
import { FormError } from '../../ui/FormError';
import { useI18nForm } from '../../ui/form';
import { useClinic, usePlace } from '../../ui/place';
import { type Doctor, type Service, useInvalidateSchedule } from './api';
import { fromMinor, toMinor } from './money';
import { OfferInputs } from './OfferInputs';

type Offer = Doctor['services'][number];

/**
 * A doctor's own length or price for a service they offer (a senior consultant's longer, dearer
 * visit). Empty fields mean "as the service says"; slots and bookings use the doctor's values.
 */
export function OfferOverride({
  doctor,
  service,
  offer,
}: {
  doctor: Doctor;
  service: Service;
  offer: Offer;
}) {
  const t = useT();
  const { format } = usePlace();
  const { clinicId, clinicCurrency: currency } = useClinic();
  const invalidate = useInvalidateSchedule();
  const [editing, setEditing] = useState(false);
  // Both may be left empty: the service's own length and price then apply.
  const f = useI18nForm({
    initialValues: {
      minutes: (offer.durationMin ?? '') as number | string,
      price: (offer.priceMinor === null ? '' : fromMinor(offer.priceMinor, currency)) as number | string,
    },
  });
  const save = useMutation({
    mutationFn: (body: { durationMin: number | null; priceMinor: number | null }) =>
      unwrap(
        api.PUT('/api/v1/clinics/{clinicId}/doctors/{doctorId}/services/{serviceId}', {
          params: { path: { clinicId, doctorId: doctor.id, serviceId: service.id } },
          body,
        }),
      ),
    onSuccess: async () => {
      await invalidate();
      setEditing(false);
    },
  });
  const own = offer.durationMin !== null || offer.priceMinor !== null;
  const summary = t('offer.summary', {
    count: offer.durationMin ?? service.durationMin,
    price: format.money(offer.priceMinor ?? service.priceMinor),
  });

  if (!editing)
    return (
      <Group gap="xs" ps="xl" wrap="wrap">
        <Text size="xs" c="dimmed" data-testid="offer-summary">
          {own ? t('offer.own', { summary }) : summary}
        </Text>
        <Button
          variant="subtle"
          size="compact-xs"
          onClick={() => setEditing(true)}
          aria-label={t('offer.editFor', { service: service.name })}
        >
          {t('offer.edit')}
        </Button>
      </Group>
    );

  return (
    <Stack
      gap={6}
      ps="xl"
      data-testid="offer-form"
      component="form"
      onSubmit={f.submit(({ minutes, price }) =>
        save.mutate({
          durationMin: minutes === '' ? null : Number(minutes),
          priceMinor: price === '' ? null : toMinor(Number(price), currency),
        }),
      )}
    >
      <OfferInputs service={service} minutes={f.field('minutes')} price={f.field('price')} />
      <Text size="xs" c="dimmed">
        {t('offer.emptyMeans')}
      </Text>
      <FormError error={save.error} />
      <Group gap="xs">
        <Button type="submit" size="xs" loading={save.isPending}>
          {t('offer.save')}
        </Button>
        <Button size="xs" variant="default" onClick={() => setEditing(false)}>
          {t('schedule.back')}
        </Button>
      </Group>
    </Stack>
  );
}
