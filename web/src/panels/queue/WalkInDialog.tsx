import { Button, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useT } from '../../i18n';
import { FormError } from '../../ui/FormError';
import { useClinic } from '../../ui/place';
import { type QueueEntry, useDoctorsAndServices, useQueueCalls } from './queue-api';
import { WalkInPatient, type WalkInWho } from './WalkInPatient';

/**
 * A patient without an appointment: which doctor, who (found, or new with name and phone), and
 * the service if the desk knows it. The server records an appointment in today's first free gap.
 */
export function WalkInDialog({
  opened,
  onClose,
  onJoined,
}: {
  opened: boolean;
  onClose: () => void;
  onJoined: (entry: QueueEntry) => void;
}) {
  const t = useT();
  const { clinicId } = useClinic();
  const phone = useMediaQuery('(max-width: 36em)');
  const { doctors, services } = useDoctorsAndServices();
  const calls = useQueueCalls(clinicId);
  const [doctorId, setDoctorId] = useState<string | null>(null);
  const [serviceId, setServiceId] = useState<string | null>(null);
  const [who, setWho] = useState<WalkInWho>({ fullName: '', phone: '' });
  const [missing, setMissing] = useState(false);
  const doctor = doctorId ?? (doctors.length === 1 ? doctors[0]!.id : null);
  const join = useMutation({
    mutationFn: () =>
      calls.walkIn({
        doctorId: doctor!,
        ...(serviceId ? { serviceId } : {}),
        ...('patientId' in who
          ? { patientId: who.patientId }
          : { patient: { fullName: who.fullName.trim(), phone: who.phone.trim() } }),
      }),
    onSuccess: (entry) => {
      setWho({ fullName: '', phone: '' });
      setServiceId(null);
      onJoined(entry);
    },
  });
  const ready = !!doctor && ('patientId' in who || (!!who.fullName.trim() && !!who.phone.trim()));
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!ready) return setMissing(true);
    setMissing(false);
    join.mutate();
  };
  return (
    <Modal opened={opened} onClose={onClose} title={t('queue.walkIn.title')} fullScreen={phone} size="lg">
      <form onSubmit={submit} data-testid="walk-in-form">
        <Stack>
          <Select
            label={t('queue.walkIn.doctor')}
            data={doctors.map((d) => ({ value: d.id, label: d.name }))}
            value={doctor}
            onChange={setDoctorId}
            allowDeselect={false}
            required
            error={missing && !doctor ? t('form.required') : undefined}
          />
          <WalkInPatient value={who} onChange={setWho} />
          <Select
            label={t('queue.walkIn.service')}
            placeholder={t('queue.walkIn.anyService')}
            data={services.map((s) => ({ value: s.id, label: s.name }))}
            value={serviceId}
            onChange={setServiceId}
            clearable
          />
          {missing && !ready && (
            <Text size="sm" c="red.8" role="alert">
              {t('queue.walkIn.missing')}
            </Text>
          )}
          <FormError error={join.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('queue.ask.cancel')}
            </Button>
            <Button type="submit" loading={join.isPending} data-testid="walk-in-submit">
              {t('queue.walkIn.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
