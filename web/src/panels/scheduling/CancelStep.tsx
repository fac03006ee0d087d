import { Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { useT } from '../../i18n';
import { FormError } from '../../ui/FormError';
import { useI18nForm } from '../../ui/form';
import { useAnnounce } from './announce';
import { type Appointment, useAppointmentAction } from './api';

/** The reasons a front desk gives most: one click cancels with that reason. */
const REASONS = ['patientCancelled', 'unwell', 'doctorAway', 'mistake'] as const;

/**
 * Cancelling asks why: a common reason in one click, or one written out. The calendar confirms
 * it in words with an Undo (the same time booked again, while it is still free).
 */
export function CancelStep({
  a,
  onCancelled,
  onBack,
}: {
  a: Appointment;
  onCancelled: (a: Appointment) => void;
  onBack: () => void;
}) {
  const t = useT();
  const say = useAnnounce();
  const action = useAppointmentAction(say.changed);
  const form = useI18nForm({ initialValues: { reason: '' }, required: ['reason'] });
  const cancel = (reason: string) =>
    action.mutate({ id: a.id, action: 'cancel', reason: reason.trim() }, { onSuccess: onCancelled });
  return (
    <Stack gap="sm">
      <FormError error={action.error} />
      <Text size="sm" fw={600} id={`reasons-${a.id}`}>
        {t('frontdesk.reasons')}
      </Text>
      <Group gap={6} role="group" aria-labelledby={`reasons-${a.id}`}>
        {REASONS.map((r) => (
          <Button
            key={r}
            size="compact-sm"
            variant="outline"
            color="red.9"
            disabled={action.isPending}
            onClick={() => cancel(t(`frontdesk.reason.${r}`))}
            data-testid="cancel-reason"
          >
            {t(`frontdesk.reason.${r}`)}
          </Button>
        ))}
      </Group>
      <form noValidate onSubmit={form.submit(({ reason }) => cancel(reason))}>
        <Stack gap="xs">
          <Textarea
            label={t('schedule.cancelReason')}
            description={t('schedule.cancelReasonHint')}
            required
            autosize
            minRows={2}
            {...form.field('reason')}
          />
          <Group>
            <Button type="submit" color="red.9" disabled={!form.ready} loading={action.isPending}>
              {t('schedule.confirmCancel')}
            </Button>
            <Button variant="default" onClick={onBack}>
              {t('schedule.keep')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
