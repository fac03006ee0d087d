import { useEffect } from 'react';
import { useSearchParams } from 'react-router';
import { isLocale, useI18n } from '../../i18n';

/** A public screen opened with `?lang=ar` (a TV set up once, a link in an SMS) shows that language. */
export function useLangParam(): void {
  const [params] = useSearchParams();
  const wanted = params.get('lang');
  const { locale, setLocale } = useI18n();
  // biome-ignore lint/correctness/useExhaustiveDependencies: follows the address only
  useEffect(() => {
    if (isLocale(wanted) && wanted !== locale) setLocale(wanted);
  }, [wanted]);
}
