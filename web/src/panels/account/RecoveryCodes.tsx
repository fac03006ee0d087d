import { Alert, Button, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconCopy, IconDownload, IconKey } from '@tabler/icons-react';
import { useState } from 'react';
import { useMe } from '../../api/me';
import { useT } from '../../i18n';

/**
 * Recovery codes, shown once (the server keeps only their hashes): copy, download as a text
 * file, and "I have saved them" to put them away.
 */
export function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const t = useT();
  const email = useMe().data?.user.email ?? '';
  const [copied, setCopied] = useState(false);
  const text = [t('mfa.codes.file', { email }), '', ...codes, ''].join('\n');
  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'cliniclick-recovery-codes.txt';
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <Alert color="yellow" icon={<IconKey aria-hidden />} data-testid="recovery-codes">
      <Stack>
        <Text fw={700}>{t('mfa.codes.title')}</Text>
        <Text size="sm">{t('mfa.codes.intro')}</Text>
        <SimpleGrid cols={2} spacing="xs" dir="ltr" component="ul" style={{ listStyle: 'none', padding: 0 }}>
          {codes.map((c) => (
            <Text component="li" key={c} ff="monospace" fw={600}>
              {c}
            </Text>
          ))}
        </SimpleGrid>
        <Group>
          <Button
            variant="default"
            leftSection={<IconCopy size={16} aria-hidden />}
            onClick={() => void navigator.clipboard?.writeText(text).then(() => setCopied(true))}
          >
            {copied ? t('mfa.copied') : t('mfa.codes.copy')}
          </Button>
          <Button variant="default" leftSection={<IconDownload size={16} aria-hidden />} onClick={download}>
            {t('mfa.codes.download')}
          </Button>
          <Button onClick={onDone}>{t('mfa.codes.done')}</Button>
        </Group>
      </Stack>
    </Alert>
  );
}
