import {
  Button,
  Checkbox,
  ColorInput,
  Group,
  Modal,
  NumberInput,
  Stack,
  Switch,
  TextInput,
} from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { useT } from '../../i18n';
import { FormError } from '../../ui/FormError';
import { useClinic } from '../../ui/place';
import { type Mode, type Service, useInvalidateSchedule } from './api';
import { ModeSelect } from './ModeSelect';
import { fractionDigits, fromMinor, toMinor } from './money';

/** Add or edit a service; `service` null adds one. */
export function ServiceForm({
  service,
  opened,
  onClose,
}: {
  service: Service | null;
  opened: boolean;
  onClose: () => void;
}) {
  const t = useT();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t(service ? 'setup.editService' : 'setup.addService')}
      size="md"
    >
      {opened && <ServiceFields service={service} onDone={onClose} />}
    </Modal>
  );
}

function ServiceFields({ service, onDone }: { service: Service | null; onDone: () => void }) {
  const t = useT();
  const { clinicId, clinicCurrency: currency } = useClinic();
  const invalidate = useInvalidateSchedule();
  const [name, setName] = useState(service?.name ?? '');
  const [duration, setDuration] = useState<number | string>(service?.durationMin ?? 30);
  const [price, setPrice] = useState<number | string>(service ? fromMinor(service.priceMinor, currency) : 0);
  const [mode, setMode] = useState<Mode>(service?.mode ?? 'in_person');
  const [before, setBefore] = useState<number | string>(service?.bufferBeforeMin ?? 0);
  const [after, setAfter] = useState<number | string>(service?.bufferAfterMin ?? 0);
  const [color, setColor] = useState(service?.color ?? '#1e88e5');
  const [requiresRoom, setRequiresRoom] = useState(service?.requiresRoom ?? false);
  const [active, setActive] = useState(service?.active ?? true);
  const num = (v: number | string) => (typeof v === 'number' ? v : Number(v) || 0);

  const save = useMutation({
    mutationFn: () => {
      const body = {
        name: name.trim(),
        durationMin: num(duration),
        priceMinor: toMinor(num(price), currency),
        mode,
        bufferBeforeMin: num(before),
        bufferAfterMin: num(after),
        color: /^#[0-9a-f]{6}$/i.test(color) ? color : null,
        requiresRoom: mode === 'online' ? false : requiresRoom,
        active,
      };
      return service
        ? unwrap(
            api.PATCH('/api/v1/clinics/{clinicId}/services/{serviceId}', {
              params: { path: { clinicId, serviceId: service.id } },
              body,
            }),
          )
        : unwrap(api.POST('/api/v1/clinics/{clinicId}/services', { params: { path: { clinicId } }, body }));
    },
    onSuccess: async () => {
      await invalidate();
      onDone();
    },
  });

  return (
    <Stack gap="sm">
      <TextInput
        label={t('setup.serviceName')}
        required
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        data-autofocus
      />
      <Group grow>
        <NumberInput
          label={t('setup.duration')}
          min={5}
          max={720}
          step={5}
          allowDecimal={false}
          value={duration}
          onChange={setDuration}
        />
        <NumberInput
          label={t('setup.priceIn', { currency })}
          min={0}
          decimalScale={fractionDigits(currency)}
          fixedDecimalScale
          allowNegative={false}
          value={price}
          onChange={setPrice}
        />
      </Group>
      <ModeSelect label={t('schedule.mode')} value={mode} onChange={setMode} />
      <Group grow>
        <NumberInput
          label={t('setup.bufferBefore')}
          min={0}
          max={240}
          allowDecimal={false}
          value={before}
          onChange={setBefore}
        />
        <NumberInput
          label={t('setup.bufferAfter')}
          min={0}
          max={240}
          allowDecimal={false}
          value={after}
          onChange={setAfter}
        />
      </Group>
      <ColorInput
        label={t('setup.color')}
        description={t('setup.colorHint')}
        format="hex"
        value={color}
        onChange={setColor}
      />
      {mode === 'in_person' && (
        <Checkbox
          label={t('setup.requiresRoom')}
          checked={requiresRoom}
          onChange={(e) => setRequiresRoom(e.currentTarget.checked)}
        />
      )}
      <Switch
        label={t('setup.active')}
        checked={active}
        onChange={(e) => setActive(e.currentTarget.checked)}
      />
      <FormError error={save.error} />
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          {t('schedule.close')}
        </Button>
        <Button
          loading={save.isPending}
          disabled={!name.trim()}
          onClick={() => save.mutate()}
          data-testid="service-save"
        >
          {t('setup.save')}
        </Button>
      </Group>
    </Stack>
  );
}
