import { ActionIcon, Button, Group, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useI18n } from '../../i18n';
import { useRooms, type WorkRule } from './api';
import { weekdayName } from './day-labels';
import { ModeSelect } from './ModeSelect';

/** A weekly rule being edited, with a key that stays while its times change. */
export type DraftRule = WorkRule & { key: number };

let nextKey = 1;
export const withKeys = (rules: WorkRule[]): DraftRule[] => rules.map((r) => ({ ...r, key: nextKey++ }));
export const stripKeys = (d: DraftRule[]): WorkRule[] =>
  d.map(({ key: _key, ...r }) => r).sort((a, b) => a.weekday - b.weekday || a.start.localeCompare(b.start));
export const rulesInvalid = (rules: WorkRule[]) => rules.some((r) => !r.start || !r.end || r.start >= r.end);

/**
 * Weekly work intervals, day by day (several a day, each in person or online, optionally in a
 * room): the editor of the work-hours page and of a new doctor's set-up. It edits a list; saving
 * is the caller's.
 */
export function WeeklyRulesEditor({
  rules,
  onChange,
}: {
  rules: DraftRule[];
  onChange: (rules: DraftRule[]) => void;
}) {
  const { t, locale } = useI18n();
  const rooms = useRooms();
  const update = (key: number, patch: Partial<WorkRule>) =>
    onChange(rules.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const roomOptions = [
    { value: '', label: t('hours.noRoom') },
    ...(rooms.data ?? []).filter((r) => r.active).map((r) => ({ value: r.id, label: r.name })),
  ];
  return (
    <Stack gap="sm">
      {[1, 2, 3, 4, 5, 6, 7].map((weekday) => {
        const day = weekdayName(weekday, locale);
        const list = rules.filter((r) => r.weekday === weekday);
        return (
          <Group key={weekday} align="flex-start" gap="sm" wrap="wrap" data-testid={`weekday-${weekday}`}>
            <Text fw={600} w={110} pt={6}>
              {day}
            </Text>
            <Stack gap={6} style={{ flex: '1 1 300px', minWidth: 0 }}>
              {list.length === 0 && (
                <Text size="sm" c="dimmed" pt={6}>
                  {t('hours.dayOff')}
                </Text>
              )}
              {list.map((r, i) => (
                <Group key={r.key} gap="xs" wrap="nowrap" align="flex-start">
                  <SimpleGrid
                    cols={{ base: 2, md: 4 }}
                    spacing="xs"
                    verticalSpacing={6}
                    style={{ flex: 1, minWidth: 0 }}
                  >
                    <TextInput
                      type="time"
                      aria-label={t('hours.startOf', { day, n: i + 1 })}
                      value={r.start}
                      onChange={(e) => update(r.key, { start: e.currentTarget.value })}
                    />
                    <TextInput
                      type="time"
                      aria-label={t('hours.endOf', { day, n: i + 1 })}
                      value={r.end === '24:00' ? '23:59' : r.end}
                      onChange={(e) => update(r.key, { end: e.currentTarget.value })}
                      error={r.start >= r.end ? t('hours.endAfterStart') : undefined}
                    />
                    <ModeSelect
                      aria-label={t('hours.modeOf', { day, n: i + 1 })}
                      value={r.mode}
                      onChange={(mode) =>
                        update(r.key, { mode, ...(mode === 'online' ? { roomId: null } : {}) })
                      }
                    />
                    <Select
                      aria-label={t('hours.roomOf', { day, n: i + 1 })}
                      data={roomOptions}
                      value={r.roomId ?? ''}
                      disabled={r.mode === 'online'}
                      onChange={(v) => update(r.key, { roomId: v || null })}
                      allowDeselect={false}
                    />
                  </SimpleGrid>
                  <ActionIcon
                    variant="subtle"
                    color="red.9"
                    size="lg"
                    mt={2}
                    aria-label={t('hours.remove', { day, n: i + 1 })}
                    onClick={() => onChange(rules.filter((x) => x.key !== r.key))}
                  >
                    <IconTrash size={18} aria-hidden />
                  </ActionIcon>
                </Group>
              ))}
              <Button
                variant="subtle"
                size="compact-sm"
                w="fit-content"
                leftSection={<IconPlus size={14} aria-hidden />}
                onClick={() => {
                  const last = list.at(-1);
                  onChange([
                    ...rules,
                    {
                      key: nextKey++,
                      weekday,
                      start: last ? last.end : '09:00',
                      end: last ? '19:00' : '17:00',
                      mode: 'in_person',
                      roomId: null,
                    },
                  ]);
                }}
              >
                {t('hours.add', { day })}
              </Button>
            </Stack>
          </Group>
        );
      })}
    </Stack>
  );
}
