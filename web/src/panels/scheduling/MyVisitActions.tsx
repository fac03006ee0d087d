import { Button, Group, Select, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useT } from '../../i18n';
import { FormError } from '../../ui/FormError';
import { useClinic, usePlace } from '../../ui/place';
import type { MyAppointment } from './api';
import { downloadVisitIcs, useMoveOptions, useMyVisitChange } from './notices-api';

/** Changes online end this long before a visit (the clinic's cancellation window; the server decides). */
const WINDOW_MS = 24 * 3_600_000;

type Step = 'actions' | 'cancel' | 'move';

/** A patient's own visit: add to calendar, "I will come", cancel or move it while the window allows. */
export function MyVisitActions({ a }: { a: MyAppointment }) {
  const t = useT();
  const { format } = usePlace();
  const { clinicId } = useClinic();
  const [step, setStep] = useState<Step>('actions');
  const [reason, setReason] = useState('');
  const [startsAt, setStartsAt] = useState<string | null>(null);
  // The list does not carry the answer: once given here, the button gives way to a thank-you.
  const [attending, setAttending] = useState(false);
  const change = useMyVisitChange();
  const options = useMoveOptions(a.id, step === 'move');
  const active = a.status === 'confirmed' || (a.status as string) === 'requested';
  if (!active || Date.parse(a.startsAt) <= Date.now()) return null;
  const inWindow = Date.parse(a.startsAt) - Date.now() >= WINDOW_MS;

  if (step === 'cancel')
    return (
      <Stack gap="xs" mt="xs">
        <Text size="sm" fw={600}>
          {t('visits.cancelConfirm')}
        </Text>
        <Textarea
          label={t('visits.cancelReason')}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          maxLength={500}
          autosize
          minRows={2}
        />
        <FormError error={change.error} />
        <Group gap="xs">
          <Button
            color="red.9"
            loading={change.isPending}
            data-testid="my-cancel-confirm"
            onClick={() => change.mutate({ id: a.id, kind: 'cancel', reason: reason.trim() || undefined })}
          >
            {t('visits.doCancel')}
          </Button>
          <Button variant="default" onClick={() => setStep('actions')}>
            {t('visits.keep')}
          </Button>
        </Group>
      </Stack>
    );

  if (step === 'move')
    return (
      <Stack gap="xs" mt="xs">
        {options.data?.length === 0 && <Text size="sm">{t('visits.noTimes')}</Text>}
        {options.data && options.data.length > 0 && (
          <Select
            label={t('visits.pickTime')}
            data={options.data.map((s) => ({ value: s.start, label: format.dateTime(s.start) }))}
            value={startsAt}
            onChange={setStartsAt}
            searchable
            data-testid="my-move-select"
          />
        )}
        <FormError error={change.error ?? options.error} />
        <Group gap="xs">
          <Button
            disabled={!startsAt}
            loading={change.isPending}
            data-testid="my-move-confirm"
            onClick={() =>
              startsAt &&
              change.mutate({ id: a.id, kind: 'move', startsAt }, { onSuccess: () => setStep('actions') })
            }
          >
            {t('visits.doMove')}
          </Button>
          <Button variant="default" onClick={() => setStep('actions')}>
            {t('visits.keep')}
          </Button>
        </Group>
      </Stack>
    );

  return (
    <Stack gap={4} mt="xs">
      <Group gap="xs">
        <Button
          size="compact-sm"
          variant="default"
          onClick={() => void downloadVisitIcs(clinicId, a.id)}
          data-testid="my-ics"
        >
          {t('visits.addToCalendar')}
        </Button>
        {a.status === 'confirmed' && !attending && (
          <Button
            size="compact-sm"
            variant="default"
            loading={change.isPending}
            onClick={() =>
              change.mutate({ id: a.id, kind: 'attend' }, { onSuccess: () => setAttending(true) })
            }
          >
            {t('visits.confirmAttendance')}
          </Button>
        )}
        {inWindow && (
          <>
            <Button size="compact-sm" variant="default" onClick={() => setStep('move')} data-testid="my-move">
              {t('visits.reschedule')}
            </Button>
            <Button
              size="compact-sm"
              variant="outline"
              color="red.9"
              onClick={() => setStep('cancel')}
              data-testid="my-cancel"
            >
              {t('visits.cancel')}
            </Button>
          </>
        )}
      </Group>
      {attending && <Text size="xs">{t('visits.attending')}</Text>}
      {!inWindow && (
        <Text size="xs" c="dimmed">
          {t('visits.tooLate')}
        </Text>
      )}
      <FormError error={change.error} />
    </Stack>
  );
}
