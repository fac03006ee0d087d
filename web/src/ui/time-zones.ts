import { ZONES_BY_COUNTRY } from './zone-countries';

/** One IANA zone as a person looks for it: the city, the country, the offset now. */
export interface ZoneOption {
  value: string;
  /** "Dubai · United Arab Emirates (GMT+4)", in the given language. */
  label: string;
  /** Everything a search may match, folded (see `fold`): city, country and zone names in both languages. */
  haystack: string;
  /** Minutes east of UTC at the moment the list was made (for sorting). */
  offsetMin: number;
}

let countryOfZone: Map<string, string> | undefined;

export function zoneCountry(zone: string): string | undefined {
  if (!countryOfZone) {
    countryOfZone = new Map();
    for (const [cc, zones] of Object.entries(ZONES_BY_COUNTRY)) {
      for (const z of zones.split(' ')) countryOfZone.set(z, cc);
    }
  }
  return countryOfZone.get(zone);
}

/** "America/Argentina/Buenos_Aires" → "Buenos Aires". */
export function zoneCity(zone: string): string {
  return (zone.split('/').pop() ?? zone).replaceAll('_', ' ');
}

/**
 * Lower case, no accents or Arabic short vowels, one form of alef and of taa marbuta, spaces for
 * underscores and dashes: what a search compares.
 */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/ة/g, 'ه')
    .replace(/ى/g, 'ي')
    .replace(/[_\-/,()·]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Whether every word of the query appears in the option's text, in any order. */
export function zoneMatches(option: Pick<ZoneOption, 'haystack'>, query: string): boolean {
  const words = fold(query).split(' ').filter(Boolean);
  return words.every((w) => option.haystack.includes(w));
}

/** The zone's offset now, as English "GMT+5:30" (one formatter per zone: they are what costs). */
function shortOffset(zone: string, at: Date): string {
  return (
    new Intl.DateTimeFormat('en', { timeZone: zone, timeZoneName: 'shortOffset' })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT'
  );
}

/** Minutes east of UTC from an English short offset ("GMT+5:30" → 330, "GMT" → 0). */
function offsetMinutes(shortOffset: string): number {
  const m = /^GMT([+-])(\d{1,2})(?::(\d{2}))?$/.exec(shortOffset);
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
}

/** The language's word for GMT ("GMT", "غرينتش"), read once from UTC's short offset ("GMT+0" or "GMT"). */
function gmtWord(locale: string): string {
  const utc =
    new Intl.DateTimeFormat(locale, { timeZone: 'UTC', timeZoneName: 'shortOffset' })
      .formatToParts(0)
      .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  return utc.replace(/[+\-\u2212]0$/, '');
}

/** Labels and search text of zones in one language (the formatters every zone shares). */
function zoneLabeller(locale: string, at: Date): (zone: string) => ZoneOption {
  const regions = new Intl.DisplayNames([locale], { type: 'region' });
  const regionsEn = locale === 'en' ? regions : new Intl.DisplayNames(['en'], { type: 'region' });
  const gmt = gmtWord(locale);
  return (zone) => {
    const cc = zoneCountry(zone);
    const country = cc ? (regions.of(cc) ?? cc) : '';
    const offsetEn = shortOffset(zone, at);
    // The language's own "GMT" with the same sign and digits ("غرينتش+4"), as Intl writes it.
    const offset = gmt + offsetEn.replace(/^GMT/, '');
    const city = zone === 'UTC' ? 'UTC' : zoneCity(zone);
    const haystack = [zone, city, country, cc ? regionsEn.of(cc) : '', cc ?? '', offsetEn, offset].join(
      ' | ',
    );
    return {
      value: zone,
      label: country ? `${city} · ${country} (${offset})` : `${city} (${offset})`,
      haystack: fold(haystack),
      offsetMin: offsetMinutes(offsetEn),
    };
  };
}

/** One zone's option (what a closed picker shows), without building the whole list. */
export function zoneOption(locale: string, zone: string, at = new Date()): ZoneOption {
  return zoneLabeller(locale, at)(zone);
}

/**
 * The zones a clinic may choose, labelled in `locale` and searchable in English and in `locale`,
 * sorted by offset then city. `extra` zones (the current value, the device's) are added when the
 * runtime's list leaves them out (Chromium lists no "UTC"). A formatter per zone is what this
 * costs (tens of milliseconds): callers build it once, when the list is first wanted.
 */
export function zoneOptions(locale: string, extra: readonly string[] = [], at = new Date()): ZoneOption[] {
  const zones = new Set(Intl.supportedValuesOf('timeZone'));
  for (const z of ['UTC', ...extra]) if (z) zones.add(z);
  const label = zoneLabeller(locale, at);
  const collator = new Intl.Collator(locale);
  return [...zones]
    .map(label)
    .sort((a, b) => a.offsetMin - b.offsetMin || collator.compare(a.label, b.label));
}
