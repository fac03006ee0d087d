import { SimpleGrid } from '@mantine/core';
import type { ComponentType, ReactNode } from 'react';
import { useMe } from '../api/me';
import { useT } from '../i18n';
import { Words } from '../i18n/rich';
import { Page } from './Page';
import { usePlace } from './place';

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
      subtitle={
        <Words k="home.today" values={{ date: format.date(now), time: format.time(now), clinic: where }} />
      }
    >
      {children}
    </Page>
  );
}

/** A home page of cards: one column on a phone, up to three on a wide screen. */
export function HomeGrid({ cards }: { cards: readonly ComponentType[] }) {
  return (
    <HomePage>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        {cards.map((Card, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list per role, never reordered
          <Card key={i} />
        ))}
      </SimpleGrid>
    </HomePage>
  );
}
