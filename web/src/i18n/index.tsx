import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ar } from './ar';
import { type Dictionary, en, type MessageKey, type PluralKey } from './en';
import { type Locale, renderMessage, type Translation } from './plural';

export type { Locale, MessageKey, PluralKey };

// English must carry every English plural form too (`one` and `other`).
const english: Translation<typeof en, 'en'> = en;

export const LOCALES: Record<Locale, { label: string; dir: 'ltr' | 'rtl'; messages: Dictionary }> = {
  en: { label: 'English', dir: 'ltr', messages: english },
  ar: { label: 'العربية', dir: 'rtl', messages: ar },
};

const STORAGE_KEY = 'cliniclick.locale';

export function isLocale(v: unknown): v is Locale {
  return v === 'en' || v === 'ar';
}

/** The language before anyone signs in: the last one chosen on this device, else the browser's. */
function initialLocale(): Locale {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (isLocale(stored)) return stored;
  return navigator.languages.some((l) => l.toLowerCase().startsWith('ar')) ? 'ar' : 'en';
}

type Values = Record<string, string | number>;

/**
 * The current language's text for a key. A plural key needs `count` (a number): it picks the
 * form ("1 visit", "2 visits") and writes the count in the language's digits.
 */
export interface Translate {
  (key: MessageKey, values?: Values): string;
  (key: PluralKey, values: Values & { count: number }): string;
}

interface I18n {
  locale: Locale;
  dir: 'ltr' | 'rtl';
  setLocale: (l: Locale) => void;
  t: Translate;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  const dir = LOCALES[locale].dir;

  useEffect(() => {
    document.documentElement.lang = locale;
    document.documentElement.dir = dir;
  }, [locale, dir]);

  const setLocale = useCallback((l: Locale) => {
    localStorage.setItem(STORAGE_KEY, l);
    setLocaleState(l);
  }, []);

  const t = useCallback<Translate>(
    (key: MessageKey | PluralKey, values?: Values) =>
      renderMessage(locale, LOCALES[locale].messages[key], values),
    [locale],
  );

  const value = useMemo(() => ({ locale, dir, setLocale, t }), [locale, dir, setLocale, t]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}

export function useT(): Translate {
  return useI18n().t;
}
