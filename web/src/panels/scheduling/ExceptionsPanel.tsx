import { addDays, notBefore, todayIn } from '@cliniclick/time';
import { Button, Checkbox, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { useI18n } from '../../i18n';
import { ErrorState } from '../../ui/ErrorState';
import { FormError } from '../../ui/FormError';
import { useClinic } from '../../ui/place';
import {
  type Appointment,
  type Mode,
  type ScheduleException,
  scheduleKey,
  useInvalidateSchedule,
} from './api';
import { dayLabel } from './day-labels';
import { ModeSelect } from './ModeSelect';
import { OrphanList } from './OrphanList';
import { Section } from './Section';

type Kind = ScheduleException['kind'];
const KINDS: readonly Kind[] = ['time_off', 'extra', 'closure'];

/**
 * Dated changes to the week: time off, extra hours, clinic closures. The API has no preview for
 * these, so the visits a new one leaves outside work time are listed right after it is added.
 */
export function ExceptionsPanel({ doctorId }: { doctorId: string }) {
  const { t, locale } = useI18n();
  const clinic = useClinic();
  const today = todayIn(clinic.clinicTimeZone);
  const invalidate = useInvalidateSchedule();
  const list = useQuery({
    queryKey: [...scheduleKey(clinic.clinicId), 'exceptions', doctorId, today],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/clinics/{clinicId}/schedule-exceptions', {
          params: {
            path: { clinicId: clinic.clinicId },
            query: { from: today, to: addDays(today, 365), doctorId },
          },
        }),
      ),
    select: (d) => d.items,
  });
  const [kind, setKind] = useState<Kind>('time_off');
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState(today);
  const [wholeDay, setWholeDay] = useState(true);
  const [start, setStart] = useState('09:00');
  const [end, setEnd] = useState('12:00');
  const [mode, setMode] = useState<Mode>('in_person');
  const [note, setNote] = useState('');
  const [orphans, setOrphans] = useState<Appointment[] | null>(null);
  const timed = kind === 'extra' || !wholeDay;
  // A closure stops the whole clinic: the front desk and the owner decide that, not one doctor.
  const kinds = clinic.role === 'doctor' ? KINDS.filter((k) => k !== 'closure') : KINDS;

  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/clinics/{clinicId}/schedule-exceptions', {
          params: { path: { clinicId: clinic.clinicId } },
          body: {
            kind,
            doctorId: kind === 'closure' ? null : doctorId,
            fromDate: from,
            toDate: notBefore(to, from),
            start: timed ? start : null,
            end: timed ? end : null,
            mode: kind === 'extra' ? mode : null,
            note: note.trim() || null,
          },
        }),
      ),
    onSuccess: async (r) => {
      setOrphans(r.orphaned);
      setNote('');
      await invalidate();
    },
  });
  const remove = useMutation({
    mutationFn: (exceptionId: string) =>
      unwrap(
        api.DELETE('/api/v1/clinics/{clinicId}/schedule-exceptions/{exceptionId}', {
          params: { path: { clinicId: clinic.clinicId, exceptionId } },
        }),
      ),
    onSuccess: async (r) => {
      setOrphans(r.orphaned);
      await invalidate();
    },
  });

  const when = (x: ScheduleException) => {
    const days =
      x.fromDate === x.toDate
        ? dayLabel(x.fromDate, locale, 'long')
        : t('schedule.range', { from: dayLabel(x.fromDate, locale), to: dayLabel(x.toDate, locale) });
    return x.start && x.end ? `${days}, ${x.start}–${x.end}` : `${days}, ${t('hours.wholeDay')}`;
  };

  return (
    <Section id="exceptions-title" title={t('hours.exceptions')}>
      {list.isError && <ErrorState error={list.error} onRetry={() => list.refetch()} />}
      {list.data && list.data.length === 0 && (
        <Text size="sm" c="dimmed" mb="sm">
          {t('hours.noExceptions')}
        </Text>
      )}
      {list.data && list.data.length > 0 && (
        <Table.ScrollContainer minWidth={480} mb="sm">
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('hours.kind')}</Table.Th>
                <Table.Th>{t('hours.when')}</Table.Th>
                <Table.Th>{t('hours.note')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.map((x) => (
                <Table.Tr key={x.id}>
                  <Table.Td>{t(`hours.kind.${x.kind}`)}</Table.Td>
                  <Table.Td>{when(x)}</Table.Td>
                  <Table.Td>{x.note ?? t('common.none')}</Table.Td>
                  <Table.Td>
                    {(x.kind !== 'closure' || clinic.role !== 'doctor') && (
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        color="red.9"
                        loading={remove.isPending && remove.variables === x.id}
                        onClick={() => remove.mutate(x.id)}
                      >
                        {t('hours.removeException')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Stack gap="xs">
        <Title order={3} size="h5">
          {t('hours.addException')}
        </Title>
        <Group gap="sm" align="flex-end" wrap="wrap">
          <Select
            label={t('hours.kind')}
            data={kinds.map((k) => ({ value: k, label: t(`hours.kind.${k}`) }))}
            value={kind}
            onChange={(v) => setKind(kinds.find((k) => k === v) ?? 'time_off')}
            allowDeselect={false}
            style={{ flex: '1 1 180px' }}
          />
          <TextInput
            type="date"
            label={t('hours.from')}
            value={from}
            min={today}
            onChange={(e) => setFrom(e.currentTarget.value)}
            style={{ flex: '1 1 150px' }}
          />
          <TextInput
            type="date"
            label={t('hours.to')}
            value={to}
            min={from}
            onChange={(e) => setTo(e.currentTarget.value)}
            style={{ flex: '1 1 150px' }}
          />
          {kind !== 'extra' && (
            <Checkbox
              label={t('hours.wholeDay')}
              checked={wholeDay}
              onChange={(e) => setWholeDay(e.currentTarget.checked)}
              mb={8}
            />
          )}
          {timed && (
            <>
              <TextInput
                type="time"
                label={t('hours.start')}
                value={start}
                onChange={(e) => setStart(e.currentTarget.value)}
                style={{ flex: '1 1 110px' }}
              />
              <TextInput
                type="time"
                label={t('hours.end')}
                value={end}
                onChange={(e) => setEnd(e.currentTarget.value)}
                style={{ flex: '1 1 110px' }}
              />
            </>
          )}
          {kind === 'extra' && (
            <ModeSelect
              label={t('schedule.mode')}
              value={mode}
              onChange={setMode}
              style={{ flex: '1 1 130px' }}
            />
          )}
          <TextInput
            label={t('hours.note')}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            style={{ flex: '1 1 200px' }}
          />
          <Button loading={create.isPending} disabled={timed && start >= end} onClick={() => create.mutate()}>
            {t('hours.addExceptionButton')}
          </Button>
        </Group>
        {kind === 'closure' && (
          <Text size="sm" c="dimmed">
            {t('hours.closureHint')}
          </Text>
        )}
        <FormError error={create.error ?? remove.error} />
        {orphans && orphans.length > 0 && <OrphanList items={orphans} title={t('hours.exceptionOrphans')} />}
      </Stack>
    </Section>
  );
}
