import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ar } from './ar';
import { en, type MessageKey, type Messages } from './en';

export type Locale = 'en' | 'ar';
export type { MessageKey };

export const LOCALES: Record<Locale, { label: string; dir: 'ltr' | 'rtl'; messages: Messages }> = {
  en: { label: 'English', dir: 'ltr', messages: en },
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

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

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
    (key, values) => {
      const text = LOCALES[locale].messages[key];
      return values ? text.replace(/\{(\w+)\}/g, (m, k: string) => String(values[k] ?? m)) : text;
    },
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
