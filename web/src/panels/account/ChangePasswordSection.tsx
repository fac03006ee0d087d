import { Button, PasswordInput, Stack } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { useT } from '../../i18n';
import { FormError } from '../../ui/FormError';
import { check, useI18nForm } from '../../ui/form';
import { Notice, useNotice } from '../../ui/notify';
import { showPasswordError } from '../../ui/password';
import { SecuritySection } from './SecuritySection';
import { SESSIONS_KEY } from './SessionsSection';

/** Change password: the current one first, then the new one twice. Other devices are signed out. */
export function ChangePasswordSection() {
  const t = useT();
  const notice = useNotice();
  const queryClient = useQueryClient();
  const f = useI18nForm({
    initialValues: { currentPassword: '', newPassword: '', again: '' },
    required: ['currentPassword', 'newPassword', 'again'],
    rules: {
      newPassword: check.newPassword,
      again: (again, { newPassword }) =>
        again && again !== newPassword ? 'security.password.mismatch' : null,
    },
  });
  const change = useMutation({
    mutationFn: ({ currentPassword, newPassword }: typeof f.values) =>
      unwrap(api.POST('/api/v1/me/password', { body: { currentPassword, newPassword } })),
    onSuccess: () => {
      f.reset();
      notice.show(t('security.password.done'));
      void queryClient.invalidateQueries({ queryKey: SESSIONS_KEY });
    },
    onError: (error) =>
      showPasswordError(f, error, { newPassword: 'newPassword', currentPassword: 'currentPassword' }),
  });
  const shownInForm =
    change.error && f.form.errors.newPassword === undefined && f.form.errors.currentPassword === undefined;
  return (
    <SecuritySection
      id="change-password-title"
      title={t('security.password.title')}
      intro={t('security.password.intro')}
    >
      <Notice notice={notice} />
      <form onSubmit={f.submit((v) => change.mutate(v))} noValidate>
        <Stack maw={480}>
          <PasswordInput
            label={t('security.password.current')}
            autoComplete="current-password"
            required
            {...f.field('currentPassword')}
          />
          <PasswordInput
            label={t('security.password.new')}
            description={t('password.hint')}
            autoComplete="new-password"
            required
            {...f.field('newPassword')}
          />
          <PasswordInput
            label={t('security.password.confirm')}
            autoComplete="new-password"
            required
            {...f.field('again')}
          />
          <FormError error={shownInForm ? change.error : null} />
          <Button
            type="submit"
            loading={change.isPending}
            disabled={!f.ready}
            style={{ alignSelf: 'flex-start' }}
          >
            {t('security.password.submit')}
          </Button>
        </Stack>
      </form>
    </SecuritySection>
  );
}
