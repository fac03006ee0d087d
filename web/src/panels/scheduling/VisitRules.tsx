import { Loader, Switch, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { useT } from '../../i18n';
import { ErrorState } from '../../ui/ErrorState';
import { FormError } from '../../ui/FormError';
import { useClinic } from '../../ui/place';
import { scheduleKey } from './api';
import { Section } from './Section';

/**
 * The clinic's visit steps: whether a visit may start before the patient is checked in. The
 * owner switches it; the front desk sees which way it is. The server's state machine applies it,
 * so the buttons a visit offers follow at once.
 */
export function VisitRulesPanel() {
  const t = useT();
  const { clinicId, role } = useClinic();
  const queryClient = useQueryClient();
  const key = [...scheduleKey(clinicId), 'visit-rules'];
  const rules = useQuery({
    queryKey: key,
    queryFn: () =>
      unwrap(api.GET('/api/v1/clinics/{clinicId}/visit-rules', { params: { path: { clinicId } } })),
  });
  const save = useMutation({
    mutationFn: (startBeforeCheckIn: boolean) =>
      unwrap(
        api.PUT('/api/v1/clinics/{clinicId}/visit-rules', {
          params: { path: { clinicId } },
          body: { startBeforeCheckIn },
        }),
      ),
    // Every appointment's actions depend on the rule: refresh the whole schedule.
    onSuccess: (next) => {
      queryClient.setQueryData(key, next);
      void queryClient.invalidateQueries({ queryKey: scheduleKey(clinicId) });
    },
  });
  const owner = role === 'owner';
  const on = save.isPending ? (save.variables ?? false) : (rules.data?.startBeforeCheckIn ?? false);
  return (
    <Section id="visit-rules-title" title={t('rules.title')}>
      {rules.isPending && <Loader size="sm" role="status" aria-label={t('common.loading')} />}
      {rules.isError && <ErrorState error={rules.error} onRetry={() => rules.refetch()} />}
      {rules.data &&
        (owner ? (
          <Switch
            data-testid="start-before-check-in"
            label={t('rules.startBeforeCheckIn')}
            description={t('rules.startBeforeCheckInHint')}
            checked={on}
            disabled={save.isPending}
            onChange={(e) => save.mutate(e.currentTarget.checked)}
          />
        ) : (
          <Text size="sm" data-testid="visit-rules-state">
            {t(on ? 'rules.onNow' : 'rules.offNow')} {t('rules.ownerOnly')}
          </Text>
        ))}
      {save.isSuccess && (
        <Text size="sm" c="teal.9" role="status" mt="xs">
          {t('rules.saved')}
        </Text>
      )}
      <FormError error={save.error} />
    </Section>
  );
}
