import { Button, Card, Group, Loader, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useI18n, useT } from '../../i18n';
import { ErrorState } from '../../ui/ErrorState';
import { FormError } from '../../ui/FormError';
import { useClinic, usePlace } from '../../ui/place';
import { type Requested, useAnswer, useApprovals } from './api';

/**
 * The approvals inbox: online bookings of services that need the clinic's approval, soonest
 * deadline first. Approve in one tap; declining asks for a reason (the patient is told it).
 */
export function ApprovalsPage() {
  const t = useT();
  const { clinicId } = useClinic();
  const list = useApprovals(clinicId);
  return (
    <Stack gap="md" maw={720}>
      <Title order={1} size="h2">
        {t('approvals.title')}
      </Title>
      <Text c="dimmed" size="sm">
        {t('approvals.intro')}
      </Text>
      {list.isPending && <Loader size="sm" role="status" aria-label={t('common.loading')} />}
      {list.isError && <ErrorState error={list.error} onRetry={() => list.refetch()} />}
      {list.data && list.data.items.length === 0 && (
        <Text data-testid="approvals-empty">{t('approvals.empty')}</Text>
      )}
      {list.data?.items.map((a) => (
        <RequestCard key={a.id} a={a} />
      ))}
    </Stack>
  );
}

function RequestCard({ a }: { a: Requested }) {
  const t = useT();
  const { locale } = useI18n();
  const { clinicId } = useClinic();
  const { format } = usePlace();
  const answer = useAnswer(clinicId);
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const service = locale === 'ar' && a.serviceNameAr ? a.serviceNameAr : a.serviceName;
  return (
    <Card withBorder radius="md" p="md" data-testid="approval" component="article" aria-label={a.patientName}>
      <Stack gap={6}>
        <Text fw={700}>{a.patientName}</Text>
        {a.patientPhone && (
          <Text size="sm" dir="ltr" ta="start">
            {a.patientPhone}
          </Text>
        )}
        <Text size="sm">
          {service} · {a.doctorName}
        </Text>
        <Text size="sm" fw={600}>
          {format.dateTime(a.startsAt)}
        </Text>
        {a.holdExpiresAt && (
          <Text size="xs" c="orange.9">
            {t('approvals.answerBy', { when: format.dateTime(a.holdExpiresAt) })}
          </Text>
        )}
        <FormError error={answer.error} />
        {declining ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (reason.trim()) answer.mutate({ id: a.id, approve: false, reason: reason.trim() });
            }}
          >
            <Stack gap="xs">
              <Textarea
                label={t('approvals.reason')}
                required
                autosize
                minRows={2}
                value={reason}
                onChange={(e) => setReason(e.currentTarget.value)}
                data-testid="decline-reason"
              />
              <Group gap="xs">
                <Button type="submit" color="red.9" disabled={!reason.trim()} loading={answer.isPending}>
                  {t('approvals.decline')}
                </Button>
                <Button variant="subtle" onClick={() => setDeclining(false)}>
                  {t('approvals.back')}
                </Button>
              </Group>
            </Stack>
          </form>
        ) : (
          <Group gap="xs" grow>
            <Button
              size="md"
              loading={answer.isPending}
              onClick={() => answer.mutate({ id: a.id, approve: true })}
              data-testid="approve"
            >
              {t('approvals.approve')}
            </Button>
            <Button size="md" variant="outline" color="red.9" onClick={() => setDeclining(true)}>
              {t('approvals.decline')}
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}
