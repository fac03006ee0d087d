import { type ComboboxItem, type ComboboxParsedItem, Select, type SelectProps } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useI18n } from '../i18n';
import { type ZoneOption, zoneMatches, zoneOption, zoneOptions } from './time-zones';

type Props = Omit<SelectProps, 'data' | 'value' | 'onChange' | 'searchable' | 'filter'> & {
  value: string;
  onChange: (zone: string) => void;
};

const isItem = (o: ComboboxParsedItem): o is ComboboxItem => 'value' in o;

/**
 * A clinic's IANA time zone, found by city, country (in English or the user's language), zone
 * name or offset: "Dubai", "Saudi", "السعودية", "GMT+4". Opening it clears the search (the current
 * zone stays as the placeholder), so typing starts a new search instead of appending to the label.
 */
export function TimeZoneSelect({ value, onChange, ...props }: Props) {
  const { locale, t } = useI18n();
  // The full list (a formatter per zone) is built when the picker is first used; until then it
  // holds just the chosen zone, which is all a closed picker shows.
  const [wanted, setWanted] = useState(false);
  const all = useMemo(() => (wanted ? zoneOptions(locale) : null), [wanted, locale]);
  const options = useMemo<ZoneOption[]>(() => {
    if (all?.some((o) => o.value === value)) return all;
    return [zoneOption(locale, value), ...(all ?? [])];
  }, [all, locale, value]);
  const byValue = useMemo(() => new Map(options.map((o) => [o.value, o])), [options]);
  const current = byValue.get(value)?.label ?? value;
  const [search, setSearch] = useState<string | null>(null);
  return (
    <Select
      {...props}
      data={options}
      value={value}
      onChange={(v) => {
        if (v) onChange(v);
        setSearch(null);
      }}
      searchable
      allowDeselect={false}
      searchValue={search ?? current}
      onSearchChange={(s) => setSearch(s === current ? null : s)}
      onFocus={(e) => {
        setWanted(true);
        props.onFocus?.(e);
      }}
      onDropdownOpen={() => {
        setWanted(true);
        setSearch('');
      }}
      onDropdownClose={() => setSearch(null)}
      placeholder={current}
      nothingFoundMessage={t('zones.none')}
      filter={({ options: list, search: q }) =>
        q.trim() === ''
          ? list
          : list.filter((o) => {
              const zone = isItem(o) ? byValue.get(o.value) : undefined;
              return zone !== undefined && zoneMatches(zone, q);
            })
      }
      maxDropdownHeight={280}
    />
  );
}
