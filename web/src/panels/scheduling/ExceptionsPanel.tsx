import { addDays, notBefore, todayIn } from '@cliniclick/time';
import { Box, Button, Checkbox, Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { useI18n } from '../../i18n';
import { DataTable } from '../../ui/DataTable';
import { ErrorState } from '../../ui/ErrorState';
import { FormError } from '../../ui/FormError';
import { useI18nForm } from '../../ui/form';
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

/** Extra hours always have a start and an end; time off and closures only when not for whole days. */
const isTimed = (v: { kind: Kind; wholeDay: boolean }) => v.kind === 'extra' || !v.wholeDay;

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
  const f = useI18nForm({
    initialValues: {
      kind: 'time_off' as Kind,
      from: today,
      to: today,
      wholeDay: true,
      start: '09:00',
      end: '12:00',
      mode: 'in_person' as Mode,
      note: '',
    },
    required: (v) => (isTimed(v) ? ['from', 'start', 'end'] : ['from']),
    rules: { end: (end, v) => (isTimed(v) && v.start >= end ? 'form.timeOrder' : null) },
  });
  const [orphans, setOrphans] = useState<Appointment[] | null>(null);
  const { kind, start, end } = f.values;
  const timed = isTimed(f.values);
  // A closure stops the whole clinic: the front desk and the owner decide that, not one doctor.
  const kinds = clinic.role === 'doctor' ? KINDS.filter((k) => k !== 'closure') : KINDS;

  const create = useMutation({
    mutationFn: (v: typeof f.values) =>
      unwrap(
        api.POST('/api/v1/clinics/{clinicId}/schedule-exceptions', {
          params: { path: { clinicId: clinic.clinicId } },
          body: {
            kind: v.kind,
            doctorId: v.kind === 'closure' ? null : doctorId,
            fromDate: v.from,
            toDate: notBefore(v.to, v.from),
            start: isTimed(v) ? v.start : null,
            end: isTimed(v) ? v.end : null,
            mode: v.kind === 'extra' ? v.mode : null,
            note: v.note.trim() || null,
          },
        }),
      ),
    onSuccess: async (r) => {
      setOrphans(r.orphaned);
      f.setFieldValue('note', '');
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
      {list.data && (
        <Box mb="sm">
          <DataTable
            label={t('hours.exceptions')}
            framed={false}
            striped={false}
            minWidth={480}
            rows={list.data}
            rowKey={(x) => x.id}
            empty={t('hours.noExceptions')}
            columns={[
              { key: 'kind', header: t('hours.kind'), cell: (x) => t(`hours.kind.${x.kind}`) },
              { key: 'when', header: t('hours.when'), cell: when },
              { key: 'note', header: t('hours.note'), cell: (x) => x.note ?? t('common.none') },
              {
                key: 'remove',
                header: t('admin.colActions'),
                cell: (x) =>
                  (x.kind !== 'closure' || clinic.role !== 'doctor') && (
                    <Button
                      size="compact-sm"
                      variant="subtle"
                      color="red.9"
                      loading={remove.isPending && remove.variables === x.id}
                      onClick={() => remove.mutate(x.id)}
                    >
                      {t('hours.removeException')}
                    </Button>
                  ),
              },
            ]}
          />
        </Box>
      )}
      <Stack gap="xs">
        <Title order={3} size="h5">
          {t('hours.addException')}
        </Title>
        <form onSubmit={f.submit((v) => create.mutate(v))} noValidate>
          <Group gap="sm" align="flex-end" wrap="wrap">
            <Select
              label={t('hours.kind')}
              data={kinds.map((k) => ({ value: k, label: t(`hours.kind.${k}`) }))}
              {...f.field('kind')}
              allowDeselect={false}
              style={{ flex: '1 1 180px' }}
            />
            <TextInput
              type="date"
              label={t('hours.from')}
              min={today}
              {...f.field('from')}
              style={{ flex: '1 1 150px' }}
            />
            <TextInput
              type="date"
              label={t('hours.to')}
              min={f.values.from}
              {...f.field('to')}
              style={{ flex: '1 1 150px' }}
            />
            {kind !== 'extra' && <Checkbox label={t('hours.wholeDay')} {...f.checkbox('wholeDay')} mb={8} />}
            {timed && (
              <>
                <TextInput
                  type="time"
                  label={t('hours.start')}
                  {...f.field('start')}
                  style={{ flex: '1 1 110px' }}
                />
                <TextInput
                  type="time"
                  label={t('hours.end')}
                  {...f.field('end')}
                  style={{ flex: '1 1 110px' }}
                />
              </>
            )}
            {kind === 'extra' && (
              <ModeSelect
                label={t('schedule.mode')}
                value={f.values.mode}
                onChange={(m) => f.setFieldValue('mode', m)}
                style={{ flex: '1 1 130px' }}
              />
            )}
            <TextInput label={t('hours.note')} {...f.field('note')} style={{ flex: '1 1 200px' }} />
            <Button type="submit" loading={create.isPending} disabled={!f.ready || (timed && start >= end)}>
              {t('hours.addExceptionButton')}
            </Button>
          </Group>
        </form>
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
