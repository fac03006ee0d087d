import type { ReactNode } from 'react';
import { useMe } from '../../auth/session';
import { useT } from '../../i18n';
import { usePlace } from '../../shell/place';
import { Page } from '../../ui/Page';

/** The home page frame: a greeting by the clinic's time of day, and today's date and time there. */
export function HomePage({ children }: { children: ReactNode }) {
  const t = useT();
  const me = useMe().data;
  const { place, format } = usePlace();
  const now = new Date();
  const hour = format.hour(now);
  const key =
    hour < 12 ? 'home.greetingMorning' : hour < 18 ? 'home.greetingAfternoon' : 'home.greetingEvening';
  const name = me?.user.name ?? '';
  const where = place.kind === 'clinic' ? place.membership.clinicName : t('roles.admin');
  return (
    <Page
      title={t(key, { name })}
      subtitle={t('home.today', { date: format.date(now), time: format.time(now), clinic: where })}
    >
      {children}
    </Page>
  );
}
