import { Button, Chip, Group, Modal, NumberInput, Stack, TextInput } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { type MessageKey, useT } from '../../i18n';
import { isolate } from '../../i18n/format';
import { FormError } from '../../ui/FormError';
import type { Ask, Line } from './EntryCard';

/** A few one-tap reasons per kind of change (the free text covers the rest). */
const REASONS: Record<Ask['kind'], MessageKey[]> = {
  move: [
    'queue.reason.medical',
    'queue.reason.appointmentTime',
    'queue.reason.patientAsked',
    'queue.reason.backFromTests',
  ],
  urgent: ['queue.reason.pain', 'queue.reason.childOrElderly', 'queue.reason.doctorAsked'],
  left: ['queue.reason.couldNotWait', 'queue.reason.comeAnotherDay', 'queue.reason.wentElsewhere'],
};

const TITLE: Record<Ask['kind'], MessageKey> = {
  move: 'queue.ask.moveTitle',
  urgent: 'queue.ask.urgentTitle',
  left: 'queue.ask.leftTitle',
};

/**
 * Asks why before a change that is audited with a reason (move, urgent, left): one tap on a
 * usual reason or a few words, and for a move the new place in the line.
 */
export function ReasonDialog({
  ask,
  line,
  onClose,
  onConfirm,
  pending,
  error,
}: {
  ask: Ask | null;
  line: Line;
  onClose: () => void;
  onConfirm: (ask: Ask, reason: string) => void;
  pending: boolean;
  error: unknown;
}) {
  const t = useT();
  const phone = useMediaQuery('(max-width: 36em)');
  const [chip, setChip] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [position, setPosition] = useState(1);
  useEffect(() => {
    setChip(null);
    setText('');
    if (ask?.kind === 'move') setPosition(ask.position);
  }, [ask]);
  if (!ask) return null;
  const reason = text.trim() || (chip ? t(chip as MessageKey) : '');
  const needsReason = ask.kind !== 'left';
  const title =
    ask.kind === 'urgent' && ask.entry.urgent
      ? t('queue.ask.notUrgentTitle', { ticket: ask.entry.ticket, name: isolate(ask.entry.patientName) })
      : t(TITLE[ask.kind], { ticket: ask.entry.ticket, name: isolate(ask.entry.patientName) });
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (needsReason && !reason) return;
    onConfirm(ask.kind === 'move' ? { ...ask, position } : ask, reason);
  };
  return (
    <Modal opened onClose={onClose} title={title} fullScreen={phone}>
      <form onSubmit={submit}>
        <Stack>
          {ask.kind === 'move' && (
            <NumberInput
              label={t('queue.ask.position')}
              description={t('queue.ask.positionHint', { first: line.first, last: line.last })}
              min={line.first}
              max={Math.max(line.first, line.last)}
              value={position}
              onChange={(v) =>
                setPosition(Math.max(line.first, Math.min(line.last, Number(v) || line.first)))
              }
              data-testid="move-position"
            />
          )}
          <Chip.Group multiple={false} value={chip} onChange={(v) => setChip(v)}>
            <Group gap="xs" role="group" aria-label={t('queue.ask.usualReasons')}>
              {REASONS[ask.kind].map((k) => (
                <Chip key={k} value={k} size="sm">
                  {t(k)}
                </Chip>
              ))}
            </Group>
          </Chip.Group>
          <TextInput
            label={t('queue.ask.reason')}
            description={needsReason ? t('queue.ask.reasonHint') : t('queue.ask.reasonOptional')}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            data-testid="reason-text"
          />
          <FormError error={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('queue.ask.cancel')}
            </Button>
            <Button
              type="submit"
              loading={pending}
              disabled={needsReason && !reason}
              color={ask.kind === 'left' ? 'red' : undefined}
              data-testid="reason-confirm"
            >
              {t(`queue.ask.confirm.${ask.kind}` as MessageKey)}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
