import { Avatar, Menu, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { IconLogout, IconShieldLock } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, unwrap } from '../api/client';
import { ME_KEY, useMe } from '../api/me';
import { setSignedOutReason } from '../auth/session-ended';
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
  const queryClient = useQueryClient();
  if (!me) return null;
  const signOut = async () => {
    await unwrap(api.POST('/api/v1/auth/logout'), { signIn: true }).catch(() => undefined);
    // Signing out is not "come back here after signing in": the panel sends them to a plain
    // sign-in page that says they signed out.
    setSignedOutReason('signed-out');
    queryClient.setQueryData(ME_KEY, null);
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
  };
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
