import { Box, Button, Paper, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useT } from '../i18n';

export interface Column<T> {
  key: string;
  header: string;
  cell: (row: T) => ReactNode;
  /** Kept left-to-right in any language (phone numbers, emails, codes). */
  ltr?: boolean;
}

/**
 * A table that scrolls sideways inside its own focusable region on a narrow screen (the page
 * itself never does), with a sentence instead of an empty body. Every tabular list in the app
 * goes through it.
 */
export function DataTable<T>({
  label,
  columns,
  rows,
  rowKey,
  empty,
  minWidth = 640,
  testId,
  rowTestId,
  framed = true,
  striped = true,
  more,
}: {
  label: string;
  columns: Column<T>[];
  rows: T[] | undefined;
  rowKey: (row: T) => string;
  empty: string;
  minWidth?: number;
  testId?: string;
  /** `data-testid` of every body row. */
  rowTestId?: string;
  /** In its own bordered card (true), or bare inside a card that already frames it. */
  framed?: boolean;
  striped?: boolean;
  /** The next page of an infinite query, behind a "Show more" button. */
  more?: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown };
}) {
  const t = useT();
  const body = (
    <>
      <Box style={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-label={label}>
        <Table striped={striped} highlightOnHover verticalSpacing="sm" miw={minWidth} data-testid={testId}>
          <Table.Thead>
            <Table.Tr>
              {columns.map((c) => (
                <Table.Th key={c.key}>{c.header}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows?.map((row) => (
              <Table.Tr key={rowKey(row)} data-testid={rowTestId}>
                {columns.map((c) => (
                  <Table.Td key={c.key} dir={c.ltr ? 'ltr' : undefined}>
                    {c.cell(row)}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Box>
      {rows && rows.length === 0 && (
        <Text c="dimmed" size="sm" mt="sm">
          {empty}
        </Text>
      )}
      {more?.hasNextPage && (
        <Button
          variant="default"
          mt="sm"
          onClick={() => more.fetchNextPage()}
          loading={more.isFetchingNextPage}
        >
          {t('common.showMore')}
        </Button>
      )}
    </>
  );
  return framed ? (
    <Paper withBorder radius="md" p="md">
      {body}
    </Paper>
  ) : (
    body
  );
}
