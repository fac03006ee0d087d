import { useI18n } from '../../i18n';

/** What carries a service's names: a service, or an appointment (its service's names). */
type Named =
  | { name: string; nameAr?: string | null }
  | { serviceName: string; serviceNameAr?: string | null };

/**
 * A service's name in the reader's language: its Arabic name for Arabic readers when the clinic
 * gave one, its (first) name otherwise.
 */
export function serviceName(s: Named, locale: string): string {
  const [name, nameAr] = 'name' in s ? [s.name, s.nameAr] : [s.serviceName, s.serviceNameAr];
  return locale === 'ar' && nameAr ? nameAr : name;
}

/** `serviceName` in the current language. */
export function useServiceName(): (s: Named) => string {
  const { locale } = useI18n();
  return (s) => serviceName(s, locale);
}
