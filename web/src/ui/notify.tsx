import { Alert, CloseButton, Group } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { useT } from '../i18n';

/**
 * The last thing that went right on a page ("Pat is registered."), announced politely to screen
 * readers and dismissible. A page keeps one, so messages do not pile up.
 */
export function useNotice() {
  const [text, setText] = useState<string | null>(null);
  return { show: setText, clear: () => setText(null), text };
}

export function Notice({ notice }: { notice: ReturnType<typeof useNotice> }) {
  const t = useT();
  if (!notice.text) return null;
  return (
    <Alert color="green" icon={<IconCircleCheck aria-hidden />} role="status" data-testid="notice">
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <span>{notice.text}</span>
        <CloseButton size="sm" onClick={notice.clear} aria-label={t('common.close')} />
      </Group>
    </Alert>
  );
}
