import { Select, type SelectProps } from '@mantine/core';
import { useT } from '../../i18n';
import type { Mode } from './api';

/** In person or online: for services, work hours and extra hours alike. */
export function ModeSelect({
  value,
  onChange,
  ...props
}: { value: Mode; onChange: (mode: Mode) => void } & Omit<SelectProps, 'value' | 'onChange' | 'data'>) {
  const t = useT();
  return (
    <Select
      {...props}
      data={[
        { value: 'in_person', label: t('schedule.mode.in_person') },
        { value: 'online', label: t('schedule.mode.online') },
      ]}
      value={value}
      onChange={(v) => onChange(v === 'online' ? 'online' : 'in_person')}
      allowDeselect={false}
    />
  );
}
