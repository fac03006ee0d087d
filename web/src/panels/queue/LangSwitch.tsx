import { SegmentedControl } from '@mantine/core';
import { LOCALES, type Locale, useI18n, useT } from '../../i18n';

/**
 * English or Arabic on a public screen (no account to save it to): a two-way switch, each
 * language named in itself.
 */
export function LangSwitch() {
  const t = useT();
  const { locale, setLocale } = useI18n();
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('common.language')}
      value={locale}
      onChange={(v) => setLocale(v as Locale)}
      data={(Object.keys(LOCALES) as Locale[]).map((l) => ({ value: l, label: LOCALES[l].label }))}
      data-testid="lang-switch"
    />
  );
}
