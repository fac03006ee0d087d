import { Alert } from '@mantine/core';
import { useT } from '../i18n';
import { useErrorText } from './error-text';

/** A form's failure, announced to screen readers, in the current language; nothing when `error` is empty. */
export function FormError({ error }: { error: unknown }) {
  const t = useT();
  const text = useErrorText();
  if (!error) return null;
  return (
    <Alert color="red" role="alert" title={t('errors.title')}>
      {text(error)}
    </Alert>
  );
}
