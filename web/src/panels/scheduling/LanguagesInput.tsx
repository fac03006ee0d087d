import { MultiSelect, type MultiSelectProps } from '@mantine/core';
import { useMemo } from 'react';
import { useI18n } from '../../i18n';
import { INTL_TAG } from '../../i18n/plural';
import { isolate } from '../../i18n/rich';

/**
 * Languages people ask a clinic for, as BCP 47 codes (what the API stores). They are shown and
 * searched by name in the reader's language ("English", "العربية", "French"/"الفرنسية"), never as
 * codes; a code saved earlier that is not in the list stays, by its name.
 */
const COMMON = [
  'ar',
  'en',
  'fr',
  'es',
  'de',
  'it',
  'pt',
  'ru',
  'tr',
  'fa',
  'ur',
  'hi',
  'bn',
  'ta',
  'ml',
  'tl',
  'zh',
  'ja',
  'ko',
  'el',
  'he',
  'ku',
  'am',
  'so',
  'sw',
  'id',
  'ms',
  'nl',
  'pl',
  'ro',
  'uk',
];

export function LanguagesInput(props: Omit<MultiSelectProps, 'data'> & { value?: string[] }) {
  const { locale } = useI18n();
  const data = useMemo(() => {
    const names = new Intl.DisplayNames([INTL_TAG[locale]], { type: 'language', fallback: 'code' });
    // Each language also by its own name ("العربية", "Français"), which is how people know it.
    const own = (code: string) => {
      try {
        return new Intl.DisplayNames([code], { type: 'language', fallback: 'code' }).of(code) ?? code;
      } catch {
        return code;
      }
    };
    const codes = [...new Set([...COMMON, ...(props.value ?? [])])];
    return codes
      .map((code) => {
        let label = code;
        try {
          label = names.of(code) ?? code;
        } catch {
          // an odd code saved earlier: shown as it is
        }
        const native = own(code);
        return { value: code, label: native && native !== label ? `${label} — ${isolate(native)}` : label };
      })
      .sort((a, b) => a.label.localeCompare(b.label, INTL_TAG[locale]));
  }, [locale, props.value]);
  return <MultiSelect searchable clearable={false} hidePickedOptions {...props} data={data} />;
}
