import { ApiError } from '../api/client';
import { type MessageKey, useT } from '../i18n';
import { en } from '../i18n/en';

/** The user-facing sentence for an error: by its stable code, in the current language. */
export function useErrorText(): (error: unknown) => string {
  const t = useT();
  return (error) => {
    const code = error instanceof ApiError ? error.code : 'generic';
    const key = `errors.${code}`;
    if (key in en) return t(key as MessageKey);
    if (error instanceof ApiError && error.status === 404) return t('errors.not_found');
    if (error instanceof ApiError && error.status === 403) return t('errors.forbidden');
    return t('errors.generic');
  };
}
