import { addDays, todayIn } from '@cliniclick/time';
import { Button, Card, Checkbox, Group, Select, Stack, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { type MessageKey, useT } from '../../i18n';
import { FormError } from '../../ui/FormError';
import { useClinic } from '../../ui/place';
import { PARTS, type Part, PRIORITIES, type Priority } from './api';

interface Named {
  id: string;
  name: string;
}

/** Staff add a patient's wish: name and phone (an existing patient is found by phone), what and when. */
export function AddWishForm({
  doctors,
  services,
  onAdded,
}: {
  doctors: Named[];
  services: Named[];
  onAdded: () => void;
}) {
  const t = useT();
  const clinic = useClinic();
  const today = todayIn(clinic.clinicTimeZone);
  const empty = {
    fullName: '',
    phone: '',
    doctorId: null as string | null,
    serviceId: null as string | null,
    fromDate: today,
    toDate: addDays(today, 14),
    parts: [] as Part[],
    priority: 'normal' as Priority,
  };
  const [v, setV] = useState(empty);
  const [missing, setMissing] = useState(false);
  const add = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/clinics/{clinicId}/waitlist', {
          params: { path: { clinicId: clinic.clinicId } },
          body: {
            patient: { fullName: v.fullName, phone: v.phone },
            ...(v.doctorId ? { doctorId: v.doctorId } : {}),
            ...(v.serviceId ? { serviceId: v.serviceId } : {}),
            fromDate: v.fromDate,
            toDate: v.toDate,
            parts: v.parts,
            priority: v.priority,
          },
        }),
      ),
    onSuccess: () => {
      setV(empty);
      onAdded();
    },
  });
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!v.doctorId && !v.serviceId) return setMissing(true);
    setMissing(false);
    add.mutate();
  };
  return (
    <Card withBorder component="form" onSubmit={submit} data-testid="add-wish">
      <Stack>
        <Title order={2} size="h4">
          {t('waitlist.add')}
        </Title>
        <Group grow wrap="wrap" align="flex-start">
          <TextInput
            label={t('waitlist.patientName')}
            required
            value={v.fullName}
            onChange={(e) => setV({ ...v, fullName: e.currentTarget.value })}
            miw={200}
          />
          <TextInput
            label={t('waitlist.patientPhone')}
            required
            type="tel"
            dir="ltr"
            value={v.phone}
            onChange={(e) => setV({ ...v, phone: e.currentTarget.value })}
            miw={200}
          />
        </Group>
        <Group grow wrap="wrap" align="flex-start">
          <Select
            label={t('waitlist.doctor')}
            placeholder={t('waitlist.anyDoctor')}
            data={doctors.map((d) => ({ value: d.id, label: d.name }))}
            value={v.doctorId}
            onChange={(x) => setV({ ...v, doctorId: x })}
            clearable
            miw={200}
          />
          <Select
            label={t('waitlist.service')}
            placeholder={t('waitlist.anyService')}
            data={services.map((s) => ({ value: s.id, label: s.name }))}
            value={v.serviceId}
            onChange={(x) => setV({ ...v, serviceId: x })}
            clearable
            miw={200}
            error={missing ? t('waitlist.needWhat') : undefined}
          />
        </Group>
        <Group grow wrap="wrap" align="flex-start">
          <TextInput
            type="date"
            label={t('waitlist.from')}
            min={today}
            value={v.fromDate}
            onChange={(e) => setV({ ...v, fromDate: e.currentTarget.value })}
            miw={150}
          />
          <TextInput
            type="date"
            label={t('waitlist.to')}
            min={v.fromDate}
            value={v.toDate}
            onChange={(e) => setV({ ...v, toDate: e.currentTarget.value })}
            miw={150}
          />
          <Select
            label={t('waitlist.priority')}
            data={PRIORITIES.map((p) => ({ value: p, label: t(`waitlist.priority.${p}` as MessageKey) }))}
            value={v.priority}
            onChange={(x) => x && setV({ ...v, priority: x as Priority })}
            allowDeselect={false}
            miw={150}
          />
        </Group>
        <Checkbox.Group
          label={t('waitlist.parts')}
          description={t('waitlist.partsHint')}
          value={v.parts}
          onChange={(x) => setV({ ...v, parts: x as Part[] })}
        >
          <Group mt="xs">
            {PARTS.map((p) => (
              <Checkbox key={p} value={p} label={t(`waitlist.part.${p}` as MessageKey)} />
            ))}
          </Group>
        </Checkbox.Group>
        <FormError error={add.error} />
        <Group>
          <Button type="submit" loading={add.isPending}>
            {t('waitlist.save')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
