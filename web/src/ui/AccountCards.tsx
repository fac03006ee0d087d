import { Anchor, Badge, Group, List, Stack, Text } from '@mantine/core';
import { IconBuildingHospital, IconUser } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useMe } from '../api/me';
import { useI18n, useT } from '../i18n';
import { currencyName } from '../i18n/format';
import { Words } from '../i18n/rich';
import { Panel } from './Panel';
import { panelPath, usePlace } from './place';

/** Who is signed in: name, how to reach them, their role here. */
export function YouCard() {
  const t = useT();
  const me = useMe().data;
  const { place } = usePlace();
  if (!me) return null;
  const rows: Array<[string, string]> = [
    [t('home.email'), me.user.email ?? t('common.none')],
    [t('home.phone'), me.user.phone ?? t('common.none')],
    [t('home.role'), place.kind === 'clinic' ? t(`roles.${place.membership.role}`) : t('roles.admin')],
  ];
  return (
    <Panel title={t('home.you')} icon={IconUser} testId="card-you">
      <Text fw={600}>{me.user.name}</Text>
      <Stack gap={4} mt="xs">
        {rows.map(([label, value]) => (
          <Group key={label} gap="xs" wrap="nowrap">
            <Text size="sm" c="dimmed" miw={90}>
              {label}
            </Text>
            <Text size="sm" dir={label === t('home.phone') ? 'ltr' : undefined}>
              {value}
            </Text>
          </Group>
        ))}
      </Stack>
    </Panel>
  );
}

/** Every clinic this person belongs to, with a link to each panel they have there. */
export function ClinicsCard() {
  const t = useT();
  const { locale } = useI18n();
  const me = useMe().data;
  const { place, format } = usePlace();
  if (!me) return null;
  const byClinic = new Map<string, typeof me.memberships>();
  for (const m of me.memberships) byClinic.set(m.clinicId, [...(byClinic.get(m.clinicId) ?? []), m]);
  return (
    <Panel
      title={t('home.yourClinics')}
      icon={IconBuildingHospital}
      empty={byClinic.size ? undefined : t('home.noClinic')}
      testId="card-clinics"
    >
      <List spacing="sm" listStyleType="none" ps={0}>
        {[...byClinic.values()].map((ms) => {
          const first = ms[0]!;
          return (
            <List.Item key={first.clinicId}>
              <Text fw={600}>{first.clinicName}</Text>
              <Text size="sm" c="dimmed">
                <Words
                  k="home.clinicZone"
                  values={{
                    zone: format.zone(first.clinicTimeZone),
                    currency: currencyName(locale, first.clinicCurrency),
                  }}
                />
              </Text>
              <Group gap="xs" mt={4}>
                {ms.map((m) => {
                  const here =
                    place.kind === 'clinic' &&
                    place.membership.clinicId === m.clinicId &&
                    place.membership.role === m.role;
                  return here ? (
                    <Badge key={m.role} variant="filled" color="cyan.9">
                      {t(`roles.${m.role}`)} · {t('home.current')}
                    </Badge>
                  ) : (
                    <Anchor key={m.role} component={Link} to={panelPath(m)} size="sm">
                      {t(`roles.${m.role}`)}
                    </Anchor>
                  );
                })}
              </Group>
            </List.Item>
          );
        })}
      </List>
    </Panel>
  );
}
