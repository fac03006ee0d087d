import {
  ActionIcon,
  Alert,
  Button,
  Group,
  Loader,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { useMe } from '../../api/me';
import { useI18n } from '../../i18n';
import { Words } from '../../i18n/rich';
import { ErrorState } from '../../ui/ErrorState';
import { FormError } from '../../ui/FormError';
import { Page } from '../../ui/Page';
import { useClinic, usePlace } from '../../ui/place';
import {
  type Appointment,
  scheduleKey,
  useDoctors,
  useInvalidateSchedule,
  useRooms,
  type WorkRule,
} from './api';
import { weekdayName } from './day-labels';
import { ExceptionsPanel } from './ExceptionsPanel';
import { ModeSelect } from './ModeSelect';
import { OrphanList } from './OrphanList';
import { Section } from './Section';

/** Weekly hours per doctor, and dated exceptions. A doctor edits only their own. */
export function WorkHoursPage() {
  const { t } = useI18n();
  const clinic = useClinic();
  const { format } = usePlace();
  const me = useMe().data;
  const doctors = useDoctors();
  const ownOnly = clinic.role === 'doctor';
  const [picked, setPicked] = useState<string | null>(null);
  const doctorId = ownOnly ? (me?.user.id ?? null) : (picked ?? doctors.data?.[0]?.id ?? null);
  return (
    <Page
      title={t('hours.title')}
      subtitle={<Words k="hours.subtitle" values={{ zone: format.zone(clinic.clinicTimeZone) }} />}
    >
      {!ownOnly && (
        <Select
          label={t('schedule.doctor')}
          data={(doctors.data ?? []).map((d) => ({ value: d.id, label: d.name }))}
          value={doctorId}
          onChange={setPicked}
          allowDeselect={false}
          maw={320}
          data-testid="hours-doctor"
        />
      )}
      {doctors.isError && <ErrorState error={doctors.error} onRetry={() => doctors.refetch()} />}
      {doctorId && <WeeklyHours key={doctorId} doctorId={doctorId} />}
      {doctorId && <ExceptionsPanel key={`x-${doctorId}`} doctorId={doctorId} />}
    </Page>
  );
}

type Draft = WorkRule & { key: number };
let nextKey = 1;
const withKeys = (rules: WorkRule[]): Draft[] => rules.map((r) => ({ ...r, key: nextKey++ }));
const strip = (d: Draft[]): WorkRule[] =>
  d.map(({ key: _key, ...r }) => r).sort((a, b) => a.weekday - b.weekday || a.start.localeCompare(b.start));

function WeeklyHours({ doctorId }: { doctorId: string }) {
  const { t, locale } = useI18n();
  const { clinicId } = useClinic();
  const rooms = useRooms();
  const invalidate = useInvalidateSchedule();
  const hours = useQuery({
    queryKey: [...scheduleKey(clinicId), 'hours', doctorId],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/clinics/{clinicId}/doctors/{doctorId}/work-hours', {
          params: { path: { clinicId, doctorId } },
        }),
      ),
  });
  const [draft, setDraft] = useState<Draft[] | null>(null);
  const [orphans, setOrphans] = useState<Appointment[] | null>(null);
  const [saved, setSaved] = useState<Appointment[] | null>(null);
  const rules = draft ?? withKeys(hours.data?.rules ?? []);
  const path = { params: { path: { clinicId, doctorId } } };

  const preview = useMutation({
    mutationFn: (body: WorkRule[]) =>
      unwrap(
        api.POST('/api/v1/clinics/{clinicId}/doctors/{doctorId}/work-hours/preview', {
          ...path,
          body: { rules: body },
        }),
      ),
  });
  const save = useMutation({
    mutationFn: (body: WorkRule[]) =>
      unwrap(
        api.PUT('/api/v1/clinics/{clinicId}/doctors/{doctorId}/work-hours', {
          ...path,
          body: { rules: body },
        }),
      ),
    onSuccess: async (r) => {
      setSaved(r.orphaned);
      setOrphans(null);
      setDraft(null);
      await invalidate();
    },
  });

  const invalid = rules.some((r) => !r.start || !r.end || r.start >= r.end);
  const update = (key: number, patch: Partial<WorkRule>) => {
    setDraft(rules.map((r) => (r.key === key ? { ...r, ...patch } : r)));
    setOrphans(null);
    setSaved(null);
  };
  // Before saving, ask which booked visits the new hours leave out; save at once only when none.
  const trySave = () =>
    preview.mutate(strip(rules), {
      onSuccess: (r) => (r.orphaned.length ? setOrphans(r.orphaned) : save.mutate(strip(rules))),
    });

  if (hours.isPending) return <Loader size="sm" aria-label={t('common.loading')} />;
  if (hours.isError) return <ErrorState error={hours.error} onRetry={() => hours.refetch()} />;
  const roomOptions = [
    { value: '', label: t('hours.noRoom') },
    ...(rooms.data ?? []).filter((r) => r.active).map((r) => ({ value: r.id, label: r.name })),
  ];

  return (
    <Section id="weekly-title" title={t('hours.weekly')}>
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
                      onClick={() => setDraft(rules.filter((x) => x.key !== r.key))}
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
                    setDraft([
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
        <FormError error={preview.error ?? save.error} />
        {orphans && (
          <>
            <OrphanList items={orphans} title={t('hours.orphansTitle', { count: orphans.length })} />
            <Group>
              <Button
                color="orange.9"
                loading={save.isPending}
                onClick={() => save.mutate(strip(rules))}
                data-testid="save-anyway"
              >
                {t('hours.saveAnyway')}
              </Button>
              <Button variant="default" onClick={() => setOrphans(null)}>
                {t('hours.keepEditing')}
              </Button>
            </Group>
          </>
        )}
        {saved && saved.length === 0 && (
          <Alert color="teal" role="status" variant="outline">
            <Text size="sm" c="gray.9">
              {t('hours.saved')}
            </Text>
          </Alert>
        )}
        {saved && saved.length > 0 && <OrphanList items={saved} title={t('hours.savedWithOrphans')} />}
        {!orphans && (
          <Group>
            <Button
              disabled={!draft || invalid}
              loading={preview.isPending || save.isPending}
              onClick={trySave}
              data-testid="save-hours"
            >
              {t('hours.save')}
            </Button>
            <Button
              variant="default"
              disabled={!draft}
              onClick={() => {
                setDraft(null);
                setSaved(null);
              }}
            >
              {t('hours.undo')}
            </Button>
          </Group>
        )}
      </Stack>
    </Section>
  );
}
