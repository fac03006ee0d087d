import {
  Anchor,
  Button,
  Card,
  Loader,
  NumberInput,
  SegmentedControl,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import { useI18n, useT } from '../../i18n';
import { ErrorState } from '../../ui/ErrorState';
import { FormError } from '../../ui/FormError';
import { useClinic } from '../../ui/place';
import { type BookingSettingsView, useBookingSettings, useSaveBookingSettings } from './api';

type Numbers = Pick<
  BookingSettingsView,
  | 'holdMinutes'
  | 'approvalHours'
  | 'cancellationWindowHours'
  | 'waitlistOfferMinutes'
  | 'minNoticeMinutes'
  | 'horizonDays'
>;

const FIELDS: { key: keyof Numbers; min: number; max: number }[] = [
  { key: 'holdMinutes', min: 2, max: 60 },
  { key: 'approvalHours', min: 1, max: 168 },
  { key: 'cancellationWindowHours', min: 0, max: 168 },
  { key: 'minNoticeMinutes', min: 0, max: 10080 },
  { key: 'horizonDays', min: 1, max: 183 },
  { key: 'waitlistOfferMinutes', min: 5, max: 1440 },
];

/** The owner's online booking settings: times and limits, and which services need approval. */
export function BookingSettingsPage() {
  const t = useT();
  const { locale } = useI18n();
  const { clinicId, clinicSlug } = useClinic();
  const settings = useBookingSettings(clinicId);
  const save = useSaveBookingSettings(clinicId);
  const [draft, setDraft] = useState<BookingSettingsView | null>(null);
  const [reminders, setReminders] = useState('');
  useEffect(() => {
    if (settings.data) {
      setDraft(settings.data);
      setReminders(settings.data.reminderOffsetsMin.join(', '));
    }
  }, [settings.data]);
  const publicUrl = `/c/${clinicSlug}/book${locale === 'ar' ? '?lang=ar' : ''}`;
  return (
    <Stack gap="md" maw={640}>
      <Title order={1} size="h2">
        {t('bookingSettings.title')}
      </Title>
      <Text size="sm">
        {t('bookingSettings.publicPage')}{' '}
        <Anchor href={publicUrl} target="_blank" dir="ltr">
          {publicUrl}
        </Anchor>
      </Text>
      {settings.isPending && <Loader size="sm" role="status" aria-label={t('common.loading')} />}
      {settings.isError && <ErrorState error={settings.error} onRetry={() => settings.refetch()} />}
      {draft && (
        <Card withBorder radius="md" p="md">
          <form
            onSubmit={(e) => {
              e.preventDefault();
              const offsets = reminders
                .split(/[,\s،]+/)
                .filter(Boolean)
                .map(Number)
                .filter((n) => Number.isInteger(n));
              const { services: _s, updatedAt: _u, ...body } = draft;
              save.mutate({ kind: 'settings', body: { ...body, reminderOffsetsMin: offsets } });
            }}
          >
            <Stack gap="sm">
              {FIELDS.map((f) => (
                <NumberInput
                  key={f.key}
                  label={t(`bookingSettings.${f.key}`)}
                  min={f.min}
                  max={f.max}
                  value={draft[f.key]}
                  onChange={(v) => setDraft({ ...draft, [f.key]: typeof v === 'number' ? v : f.min })}
                  data-testid={`setting-${f.key}`}
                />
              ))}
              <TextInput
                label={t('bookingSettings.reminders')}
                description={t('bookingSettings.remindersHint')}
                value={reminders}
                onChange={(e) => setReminders(e.currentTarget.value)}
                dir="ltr"
              />
              <Text size="sm" fw={600}>
                {t('bookingSettings.offerMode')}
              </Text>
              <SegmentedControl
                value={draft.waitlistOfferMode}
                onChange={(v) => setDraft({ ...draft, waitlistOfferMode: v === 'all' ? 'all' : 'one' })}
                data={[
                  { value: 'one', label: t('bookingSettings.offerOne') },
                  { value: 'all', label: t('bookingSettings.offerAll') },
                ]}
              />
              <FormError error={save.error} />
              {save.isSuccess && (
                <Text size="sm" c="teal.9" role="status">
                  {t('bookingSettings.saved')}
                </Text>
              )}
              <Button type="submit" loading={save.isPending} data-testid="save-booking-settings">
                {t('bookingSettings.save')}
              </Button>
            </Stack>
          </form>
        </Card>
      )}
      {draft && (
        <Card withBorder radius="md" p="md">
          <Stack gap="sm">
            <Title order={2} size="h4">
              {t('bookingSettings.approvalTitle')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('bookingSettings.approvalHint')}
            </Text>
            {draft.services.map((s) => (
              <Switch
                key={s.serviceId}
                label={locale === 'ar' && s.nameAr ? s.nameAr : s.name}
                checked={s.requiresApproval}
                disabled={save.isPending}
                onChange={(e) =>
                  save.mutate({
                    kind: 'service',
                    serviceId: s.serviceId,
                    requiresApproval: e.currentTarget.checked,
                  })
                }
                data-testid="requires-approval"
              />
            ))}
          </Stack>
        </Card>
      )}
    </Stack>
  );
}
