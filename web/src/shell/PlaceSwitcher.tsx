import { Button, Menu, Text, VisuallyHidden } from '@mantine/core';
import { IconCheck, IconSelector } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { useMe } from '../api/me';
import { useT } from '../i18n';
import { panelPath, usePlace } from '../ui/place';

/** The header's clinic (and role) switcher. The choice is in the URL, so it survives a reload. */
export function PlaceSwitcher({ fullWidth = false }: { fullWidth?: boolean }) {
  const t = useT();
  const me = useMe().data;
  const { place } = usePlace();
  const navigate = useNavigate();
  if (!me) return null;
  const current =
    place.kind === 'clinic'
      ? t('common.clinicAndRole', {
          clinic: place.membership.clinicName,
          role: t(`roles.${place.membership.role}`),
        })
      : t('roles.admin');
  const isCurrent = (slug: string, role: string) =>
    place.kind === 'clinic' && place.membership.clinicSlug === slug && place.membership.role === role;
  return (
    <Menu position="bottom-start" withinPortal width={fullWidth ? 'target' : 280}>
      <Menu.Target>
        <Button
          variant="default"
          rightSection={<IconSelector size={16} aria-hidden />}
          fullWidth={fullWidth}
          justify="space-between"
          data-testid="place-switcher"
          maw={fullWidth ? undefined : 320}
        >
          <VisuallyHidden>{`${t('common.switchClinic')}: `}</VisuallyHidden>
          <Text span truncate="end" size="sm">
            {current}
          </Text>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('common.switchClinic')}</Menu.Label>
        {me.user.platformRole === 'admin' && (
          <Menu.Item
            onClick={() => navigate('/admin')}
            rightSection={place.kind === 'admin' ? <IconCheck size={16} aria-hidden /> : null}
          >
            {t('roles.admin')}
          </Menu.Item>
        )}
        {me.memberships.map((m) => (
          <Menu.Item
            key={`${m.clinicId}:${m.role}`}
            onClick={() => navigate(panelPath(m))}
            rightSection={isCurrent(m.clinicSlug, m.role) ? <IconCheck size={16} aria-hidden /> : null}
          >
            {t('common.clinicAndRole', { clinic: m.clinicName, role: t(`roles.${m.role}`) })}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
