import { Group, Text } from '@mantine/core';
import { useT } from '../i18n';

export function Logo() {
  const t = useT();
  return (
    <Group gap={8} wrap="nowrap">
      <svg width="28" height="28" viewBox="0 0 32 32" aria-hidden="true">
        <rect width="32" height="32" rx="7" fill="#0b7285" />
        <path d="M13 7h6v6h6v6h-6v6h-6v-6H7v-6h6z" fill="#fff" />
      </svg>
      <Text fw={700} size="lg" c="cyan.9">
        {t('app.name')}
      </Text>
    </Group>
  );
}
