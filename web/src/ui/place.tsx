import { createContext, type ReactNode, useContext, useMemo } from 'react';
import type { Membership } from '../api/me';
import { useI18n } from '../i18n';
import { type Formatter, formatter } from '../i18n/format';

/** Where the user is: a clinic and a role in it, or the platform console. */
export type Place = { kind: 'clinic'; membership: Membership } | { kind: 'admin' };

interface PlaceValue {
  place: Place;
  format: Formatter;
}

const PlaceContext = createContext<PlaceValue | null>(null);

export function PlaceProvider({ place, children }: { place: Place; children: ReactNode }) {
  const { locale } = useI18n();
  const zone =
    place.kind === 'clinic'
      ? place.membership.clinicTimeZone
      : Intl.DateTimeFormat().resolvedOptions().timeZone;
  const currency = place.kind === 'clinic' ? place.membership.clinicCurrency : 'USD';
  const value = useMemo(
    () => ({ place, format: formatter(locale, zone, currency) }),
    [place, locale, zone, currency],
  );
  return <PlaceContext.Provider value={value}>{children}</PlaceContext.Provider>;
}

export function usePlace(): PlaceValue {
  const v = useContext(PlaceContext);
  if (!v) throw new Error('usePlace outside a panel');
  return v;
}

/** The current clinic membership; only inside a clinic panel. */
export function useClinic(): Membership {
  const { place } = usePlace();
  if (place.kind !== 'clinic') throw new Error('useClinic outside a clinic panel');
  return place.membership;
}

/** The path of a clinic panel in the app. */
export function panelPath(m: Pick<Membership, 'clinicSlug' | 'role'>): string {
  return `/clinics/${encodeURIComponent(m.clinicSlug)}/${m.role}`;
}
