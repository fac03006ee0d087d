import { Paper, Stack, Switch, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { useT } from '../../i18n';
import { FormError } from '../../ui/FormError';
import { useClinic } from '../../ui/place';

/**
 * The owner's switch: staff must use two-step sign-in here. Turning it on needs the owner's own
 * two-step sign-in first (the server says so in words if not).
 */
export function SignInPolicyCard() {
  const t = useT();
  const clinic = useClinic();
  const queryClient = useQueryClient();
  const path = { clinicId: clinic.clinicId };
  const key = ['clinic', clinic.clinicId, 'staff', 'sign-in-policy'];
  const policy = useQuery({
    queryKey: key,
    queryFn: () => unwrap(api.GET('/api/v1/clinics/{clinicId}/staff/sign-in-policy', { params: { path } })),
  });
  const set = useMutation({
    mutationFn: (staffMfaRequired: boolean) =>
      unwrap(
        api.PUT('/api/v1/clinics/{clinicId}/staff/sign-in-policy', {
          params: { path },
          body: { staffMfaRequired },
        }),
      ),
    onSuccess: (r) => queryClient.setQueryData(key, r),
  });
  const on = policy.data?.staffMfaRequired ?? false;
  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="staff-mfa-title">
      <Stack gap="xs">
        <Title order={2} size="h4" id="staff-mfa-title">
          {t('mfa.policy.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('mfa.policy.intro')}
        </Text>
        <Switch
          label={t('mfa.policy.switch')}
          description={policy.data ? t(on ? 'mfa.policy.on' : 'mfa.policy.off') : t('common.loading')}
          checked={on}
          disabled={!policy.data || set.isPending}
          onChange={(e) => set.mutate(e.currentTarget.checked)}
          data-testid="staff-mfa-switch"
        />
        <FormError error={set.error ?? policy.error} />
      </Stack>
    </Paper>
  );
}
