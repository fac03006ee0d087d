import { Stack, Text, Title } from '@mantine/core';
import { type ReactNode, useEffect } from 'react';
import { useT } from '../i18n';

/** A page's heading (its one h1, also the tab title) and body. */
export function Page({
  title,
  subtitle,
  children,
}: {
  title: string;
  /** A sentence; a `<Words>` when it carries names (each isolated in its own direction). */
  subtitle?: ReactNode;
  children: ReactNode;
}) {
  const t = useT();
  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`;
  }, [title, t]);
  return (
    <Stack gap="lg" maw={1200} mx="auto">
      <div>
        <Title order={1} size="h2">
          {title}
        </Title>
        {subtitle && (
          <Text c="dimmed" size="sm" mt={4}>
            {subtitle}
          </Text>
        )}
      </div>
      {children}
    </Stack>
  );
}
