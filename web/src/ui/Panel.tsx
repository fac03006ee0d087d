import { Group, Paper, Text, ThemeIcon, Title } from '@mantine/core';
import type { ComponentType, ReactNode } from 'react';

/** A card on a home screen: a titled box, with an empty-state sentence until a feature fills it. */
export function Panel({
  title,
  icon: Icon,
  empty,
  children,
  testId,
}: {
  title: string;
  icon: ComponentType<{ size?: number; 'aria-hidden'?: boolean }>;
  empty?: string;
  children?: ReactNode;
  testId?: string;
}) {
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label={title} data-testid={testId}>
      <Group gap="sm" mb="sm" wrap="nowrap">
        <ThemeIcon variant="light" color="cyan" radius="md" size="lg">
          <Icon size={20} aria-hidden />
        </ThemeIcon>
        <Title order={2} size="h4">
          {title}
        </Title>
      </Group>
      {children}
      {empty && (
        <Text c="dimmed" size="sm">
          {empty}
        </Text>
      )}
    </Paper>
  );
}
