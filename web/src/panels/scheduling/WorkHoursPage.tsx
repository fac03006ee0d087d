import { Alert, Button, Group, Loader, Select, Stack, Text } from '@mantine/core';
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
import { type Appointment, scheduleKey, useDoctors, useInvalidateSchedule, type WorkRule } from './api';
import { ExceptionsPanel } from './ExceptionsPanel';
import { OrphanList } from './OrphanList';
import { Section } from './Section';
import { type DraftRule, rulesInvalid, stripKeys, WeeklyRulesEditor, withKeys } from './WeeklyRulesEditor';

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

function WeeklyHours({ doctorId }: { doctorId: string }) {
  const { t } = useI18n();
  const { clinicId } = useClinic();
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
  const [draft, setDraft] = useState<DraftRule[] | null>(null);
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

  const invalid = rulesInvalid(rules);
  // Before saving, ask which booked visits the new hours leave out; save at once only when none.
  const trySave = () =>
    preview.mutate(stripKeys(rules), {
      onSuccess: (r) => (r.orphaned.length ? setOrphans(r.orphaned) : save.mutate(stripKeys(rules))),
    });

  if (hours.isPending) return <Loader size="sm" role="status" aria-label={t('common.loading')} />;
  if (hours.isError) return <ErrorState error={hours.error} onRetry={() => hours.refetch()} />;
  return (
    <Section id="weekly-title" title={t('hours.weekly')}>
      <Stack gap="sm">
        <WeeklyRulesEditor
          rules={rules}
          onChange={(next) => {
            setDraft(next);
            setOrphans(null);
            setSaved(null);
          }}
        />
        <FormError error={preview.error ?? save.error} />
        {orphans && (
          <>
            <OrphanList items={orphans} title={t('hours.orphansTitle', { count: orphans.length })} />
            <Group>
              <Button
                color="orange.9"
                loading={save.isPending}
                onClick={() => save.mutate(stripKeys(rules))}
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
