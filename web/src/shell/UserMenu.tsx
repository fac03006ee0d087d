import { Avatar, Menu, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { IconLogout, IconShieldLock } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useMe } from '../api/me';
import { useSignOut } from '../auth/sign-out';
import { useT } from '../i18n';
import { SECURITY_PATH } from '../ui/account-paths';

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter((w) => /\p{L}/u.test(w[0] ?? ''))
    .slice(0, 2)
    .map((w) => w[0])
    .join('')
    .toUpperCase();
}

/** The user's menu; `root` is the panel's path, under which the Security page lives. */
export function UserMenu({ root }: { root: string }) {
  const t = useT();
  const me = useMe().data;
  const signOut = useSignOut();
  if (!me) return null;
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <UnstyledButton data-testid="user-menu">
          <VisuallyHidden>{`${t('common.yourAccount')}: ${me.user.name}`}</VisuallyHidden>
          <Avatar color="cyan.9" variant="filled" radius="xl" size={34} aria-hidden>
            {initials(me.user.name)}
          </Avatar>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{me.user.name}</Menu.Label>
        <Menu.Item
          component={Link}
          to={`${root}/${SECURITY_PATH}`}
          leftSection={<IconShieldLock size={16} aria-hidden />}
        >
          {t('nav.security')}
        </Menu.Item>
        <Menu.Item leftSection={<IconLogout size={16} aria-hidden />} onClick={signOut}>
          {t('common.signOut')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
