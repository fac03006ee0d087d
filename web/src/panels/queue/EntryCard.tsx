import { ActionIcon, Badge, Group, Menu, Paper, Stack, Text } from '@mantine/core';
import {
  IconArrowBackUp,
  IconArrowDown,
  IconArrowUp,
  IconCash,
  IconDoorExit,
  IconDotsVertical,
  IconFlag,
  IconListNumbers,
  IconPlayerPlay,
  IconSpeakerphone,
  IconSquareCheck,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { type MessageKey, useT } from '../../i18n';
import classes from './queue.module.css';
import { type EntryAction, minutesSince, type QueueEntry } from './queue-api';

/**
 * The places a waiting patient can move to in a doctor's line (QueueEntry.position numbers):
 * after those already called, up to the last.
 */
export interface Line {
  first: number;
  last: number;
}

/** What a menu asks before it acts: a new place in the line, the urgent flag, or why a patient left. */
export type Ask =
  | { kind: 'move'; entry: QueueEntry; position: number }
  | { kind: 'urgent'; entry: QueueEntry }
  | { kind: 'left'; entry: QueueEntry };

/** The minutes an entry has waited so far: since arrival, until called (then it is no longer waiting). */
export function waitedMinutes(e: QueueEntry, now: number): number {
  return minutesSince(e.arrivedAt, e.calledAt ? Date.parse(e.calledAt) : now);
}

/** Badges of how the patient came: early or late by how much, walk-in; and urgent. */
export function ArrivalBadges({ entry }: { entry: QueueEntry }) {
  const t = useT();
  const minutes = entry.arrivalMinutes ?? 0;
  return (
    <>
      {entry.urgent && (
        <Badge color="red.9" variant="filled" size="sm">
          {t('queue.badge.urgent')}
        </Badge>
      )}
      {entry.arrival === 'walk_in' && (
        <Badge color="grape.9" variant="outline" size="sm">
          {t('queue.badge.walkIn')}
        </Badge>
      )}
      {entry.arrival === 'late' && (
        <Badge color="orange" variant="light" c="dark.7" size="sm">
          {t('queue.badge.late', { count: minutes })}
        </Badge>
      )}
      {entry.arrival === 'early' && minutes >= 5 && (
        <Badge color="teal.9" variant="outline" size="sm">
          {t('queue.badge.early', { count: minutes })}
        </Badge>
      )}
    </>
  );
}

/** One patient on the board: ticket, name, wait so far (coloured past the clinic's limit), badges, menu. */
export function EntryCard({
  entry,
  now,
  warnMinutes,
  line,
  onAct,
  onAsk,
  busy,
  children,
}: {
  entry: QueueEntry;
  now: number;
  warnMinutes: number;
  /** Where a move can go (no menu without it). */
  line?: Line;
  onAct?: (entry: QueueEntry, action: EntryAction) => void;
  onAsk?: (ask: Ask) => void;
  busy?: boolean;
  children?: ReactNode;
}) {
  const t = useT();
  const waited = waitedMinutes(entry, now);
  const waiting = entry.state === 'waiting' || entry.state === 'called';
  const over = waiting && waited >= warnMinutes;
  const stateKey = `queue.state.${entry.state}` as MessageKey;
  return (
    <Paper
      withBorder
      p="xs"
      radius="md"
      className={over ? classes.over : entry.state === 'called' ? classes.called : undefined}
      data-testid="queue-entry"
      data-ticket={entry.ticket}
      data-state={entry.state}
    >
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <Text className={classes.ticket} aria-label={t('queue.ticketLabel', { ticket: entry.ticket })}>
          {entry.ticket}
        </Text>
        <Stack gap={2} className={classes.grow}>
          <Text fw={600} size="sm" lineClamp={2}>
            <bdi>{entry.patientName}</bdi>
          </Text>
          <Group gap={4}>
            {entry.state !== 'waiting' && entry.state !== 'in_consultation' && entry.state !== 'done' && (
              <Badge color={entry.state === 'called' ? 'blue.9' : 'gray.7'} variant="outline" size="sm">
                {t(stateKey)}
              </Badge>
            )}
            <ArrivalBadges entry={entry} />
          </Group>
          {waiting && (
            <Text size="xs" c={over ? 'red.8' : 'dimmed'} fw={over ? 700 : undefined} data-testid="waited">
              {t('queue.waited', { count: waited })}
            </Text>
          )}
          {entry.state === 'in_consultation' && (
            <Text size="xs" c="dimmed">
              {t('queue.inRoomFor', { count: minutesSince(entry.startedAt, now) })}
            </Text>
          )}
          {children}
        </Stack>
        {line && onAct && onAsk && (
          <EntryMenu entry={entry} line={line} onAct={onAct} onAsk={onAsk} busy={busy} />
        )}
      </Group>
    </Paper>
  );
}

function EntryMenu({
  entry,
  line,
  onAct,
  onAsk,
  busy,
}: {
  entry: QueueEntry;
  line: Line;
  onAct: (entry: QueueEntry, action: EntryAction) => void;
  onAsk: (ask: Ask) => void;
  busy?: boolean;
}) {
  const t = useT();
  const pos = entry.position ?? line.first;
  const items: ReactNode[] = [];
  const item = (key: string, label: MessageKey, icon: ReactNode, onClick: () => void, color?: string) =>
    items.push(
      <Menu.Item key={key} leftSection={icon} onClick={onClick} color={color}>
        {t(label)}
      </Menu.Item>,
    );
  const act = (a: EntryAction) => () => onAct(entry, a);
  switch (entry.state) {
    case 'waiting':
      item('call', 'queue.act.call', <IconSpeakerphone size={16} aria-hidden />, act('call'));
      if (pos > line.first)
        item('up', 'queue.act.moveUp', <IconArrowUp size={16} aria-hidden />, () =>
          onAsk({ kind: 'move', entry, position: pos - 1 }),
        );
      if (pos < line.last)
        item('down', 'queue.act.moveDown', <IconArrowDown size={16} aria-hidden />, () =>
          onAsk({ kind: 'move', entry, position: pos + 1 }),
        );
      if (line.last > line.first)
        item('to', 'queue.act.moveTo', <IconListNumbers size={16} aria-hidden />, () =>
          onAsk({ kind: 'move', entry, position: pos }),
        );
      item(
        'urgent',
        entry.urgent ? 'queue.act.notUrgent' : 'queue.act.urgent',
        <IconFlag size={16} aria-hidden />,
        () => onAsk({ kind: 'urgent', entry }),
      );
      item(
        'left',
        'queue.act.left',
        <IconDoorExit size={16} aria-hidden />,
        () => onAsk({ kind: 'left', entry }),
        'red',
      );
      break;
    case 'called':
      item('start', 'queue.act.start', <IconPlayerPlay size={16} aria-hidden />, act('start'));
      item('return', 'queue.act.return', <IconArrowBackUp size={16} aria-hidden />, act('return'));
      item(
        'left',
        'queue.act.left',
        <IconDoorExit size={16} aria-hidden />,
        () => onAsk({ kind: 'left', entry }),
        'red',
      );
      break;
    case 'in_consultation':
      item('finish', 'queue.act.finish', <IconSquareCheck size={16} aria-hidden />, act('finish'));
      break;
    case 'done':
      item('checkout', 'queue.act.checkOut', <IconCash size={16} aria-hidden />, act('check-out'));
      break;
    default:
      return null;
  }
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon
          variant="subtle"
          color="gray"
          loading={busy}
          aria-label={t('queue.actionsFor', { ticket: entry.ticket })}
          data-testid="entry-menu"
        >
          <IconDotsVertical size={18} aria-hidden />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>{items}</Menu.Dropdown>
    </Menu>
  );
}
