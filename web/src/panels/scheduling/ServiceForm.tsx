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
import { api, unwrap } from '../../api/client';
import { useT } from '../../i18n';
import { FormError } from '../../ui/FormError';
import { useI18nForm } from '../../ui/form';
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
  const f = useI18nForm({
    initialValues: {
      name: service?.name ?? '',
      nameAr: service?.nameAr ?? '',
      duration: (service?.durationMin ?? 30) as number | string,
      price: (service ? fromMinor(service.priceMinor, currency) : 0) as number | string,
      mode: service?.mode ?? ('in_person' as Mode),
      before: (service?.bufferBeforeMin ?? 0) as number | string,
      after: (service?.bufferAfterMin ?? 0) as number | string,
      color: service?.color ?? '#1e88e5',
      requiresRoom: service?.requiresRoom ?? false,
      active: service?.active ?? true,
    },
    required: ['name'],
  });
  const num = (v: number | string) => (typeof v === 'number' ? v : Number(v) || 0);

  const save = useMutation({
    mutationFn: (v: typeof f.values) => {
      const body = {
        name: v.name.trim(),
        nameAr: v.nameAr.trim() || null,
        durationMin: num(v.duration),
        priceMinor: toMinor(num(v.price), currency),
        mode: v.mode,
        bufferBeforeMin: num(v.before),
        bufferAfterMin: num(v.after),
        color: /^#[0-9a-f]{6}$/i.test(v.color) ? v.color : null,
        requiresRoom: v.mode === 'online' ? false : v.requiresRoom,
        active: v.active,
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
    <form onSubmit={f.submit((v) => save.mutate(v))} noValidate>
      <Stack gap="sm">
        <TextInput label={t('setup.serviceName')} required {...f.field('name')} data-autofocus />
        <TextInput
          label={t('setup.nameAr')}
          description={t('setup.nameArHint')}
          dir="rtl"
          lang="ar"
          {...f.field('nameAr')}
        />
        <Group grow>
          <NumberInput
            label={t('setup.duration')}
            min={5}
            max={720}
            step={5}
            allowDecimal={false}
            {...f.field('duration')}
          />
          <NumberInput
            label={t('setup.priceIn', { currency })}
            min={0}
            decimalScale={fractionDigits(currency)}
            fixedDecimalScale
            allowNegative={false}
            {...f.field('price')}
          />
        </Group>
        <ModeSelect
          label={t('schedule.mode')}
          value={f.values.mode}
          onChange={(m) => f.setFieldValue('mode', m)}
        />
        <Group grow>
          <NumberInput
            label={t('setup.bufferBefore')}
            min={0}
            max={240}
            allowDecimal={false}
            {...f.field('before')}
          />
          <NumberInput
            label={t('setup.bufferAfter')}
            min={0}
            max={240}
            allowDecimal={false}
            {...f.field('after')}
          />
        </Group>
        <ColorInput
          label={t('setup.color')}
          description={t('setup.colorHint')}
          format="hex"
          {...f.field('color')}
        />
        {f.values.mode === 'in_person' && (
          <Checkbox label={t('setup.requiresRoom')} {...f.checkbox('requiresRoom')} />
        )}
        <Switch label={t('setup.active')} {...f.checkbox('active')} />
        <FormError error={save.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('schedule.close')}
          </Button>
          <Button type="submit" loading={save.isPending} disabled={!f.ready} data-testid="service-save">
            {t('setup.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
