import { describe, expect, it } from 'vitest';
import { fold, zoneCountry, zoneMatches, zoneOption, zoneOptions } from './time-zones';

const at = new Date('2026-01-15T12:00:00Z');
// Built once per language, as the picker does: a formatter per zone is what the list costs.
const lists = { en: zoneOptions('en', [], at), ar: zoneOptions('ar', [], at) };
const find = (locale: 'en' | 'ar', query: string) =>
  lists[locale].filter((o) => zoneMatches(o, query)).map((o) => o.value);

describe('time-zone options', () => {
  it('finds a zone by its city, in English and in Arabic', () => {
    expect(find('en', 'Dubai')).toEqual(['Asia/Dubai']);
    expect(find('ar', 'Dubai')).toEqual(['Asia/Dubai']);
    expect(find('en', 'new york')).toEqual(['America/New_York']);
    expect(find('en', 'riyadh')).toEqual(['Asia/Riyadh']);
  });

  it('finds the zones of a country by its name in either language', () => {
    expect(find('en', 'Saudi')).toEqual(['Asia/Riyadh']);
    expect(find('ar', 'السعودية')).toEqual(['Asia/Riyadh']);
    expect(find('ar', 'الامارات')).toEqual(['Asia/Dubai']);
    expect(find('en', 'united states')).toContain('America/New_York');
    expect(find('en', 'united states')).toContain('America/Los_Angeles');
  });

  it('labels a zone with its city, country and offset', () => {
    const en = lists.en.find((o) => o.value === 'Asia/Dubai');
    expect(en?.label).toBe('Dubai · United Arab Emirates (GMT+4)');
    const ar = lists.ar.find((o) => o.value === 'Asia/Dubai');
    expect(zoneOption('en', 'Asia/Dubai', at)).toEqual(en);
    expect(ar?.label).toMatch(/^Dubai · الإمارات العربية المتحدة \(غرينتش\+4\)$/);
  });

  it('matches every word, in any order, by offset too', () => {
    expect(find('en', 'york new')).toEqual(['America/New_York']);
    expect(find('en', 'gmt+4 emirates')).toEqual(['Asia/Dubai']);
    expect(find('en', 'nowhere at all')).toEqual([]);
  });

  it('always offers UTC and the zones it is given, sorted by offset', () => {
    const options = zoneOptions('en', ['Etc/GMT-3'], at);
    expect(options.some((o) => o.value === 'UTC')).toBe(true);
    expect(options.some((o) => o.value === 'Etc/GMT-3')).toBe(true);
    const offsets = options.map((o) => o.offsetMin);
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
  });

  it('knows the country of old zone names browsers still list', () => {
    expect(zoneCountry('Asia/Calcutta')).toBe('IN');
    expect(zoneCountry('Asia/Kolkata')).toBe('IN');
    expect(zoneCountry('UTC')).toBeUndefined();
  });

  it('folds case, accents and Arabic letter forms', () => {
    expect(fold('São_Paulo')).toBe('sao paulo');
    expect(fold('الإمارات')).toBe(fold('الامارات'));
  });
});
