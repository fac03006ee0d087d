import { Group, type GroupProps, NumberInput, type NumberInputProps } from '@mantine/core';
import { useT } from '../../i18n';
import { useClinic, usePlace } from '../../ui/place';
import type { Service } from './api';
import { fractionDigits, fromMinor } from './money';

/**
 * A doctor's own length and price for a service, as money in the clinic's currency; empty means
 * the service's own (shown as the placeholder). The caller owns the values.
 */
export function OfferInputs({
  service,
  minutes,
  price,
  ...group
}: { service: Service; minutes: NumberInputProps; price: NumberInputProps } & GroupProps) {
  const t = useT();
  const { format } = usePlace();
  const { clinicCurrency: currency } = useClinic();
  return (
    <Group gap="xs" grow {...group}>
      <NumberInput
        label={t('offer.minutes')}
        placeholder={format.number(service.durationMin)}
        min={5}
        max={720}
        step={5}
        allowDecimal={false}
        {...minutes}
        size="xs"
      />
      <NumberInput
        label={t('setup.priceIn', { currency })}
        placeholder={String(fromMinor(service.priceMinor, currency))}
        min={0}
        decimalScale={fractionDigits(currency)}
        allowNegative={false}
        {...price}
        size="xs"
      />
    </Group>
  );
}
