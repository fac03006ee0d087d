import { AppShell, Burger, Group, NavLink, ScrollArea, Stack } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { type ComponentType, useEffect } from 'react';
import { Outlet, NavLink as RouterLink, useLocation } from 'react-router';
import { rememberPanel } from '../auth/session';
import { type MessageKey, useT } from '../i18n';
import { LiveBadge } from '../ui/LiveBadge';
import { LanguageMenu } from './LanguageMenu';
import { Logo } from './Logo';
import { PlaceSwitcher } from './PlaceSwitcher';
import classes from './shell.module.css';
import { UserMenu } from './UserMenu';

/** The frame of every panel: header with switchers, the panel's own menu, and its page. */
/** A menu entry: a path relative to the panel's root ('' is its home). */
export interface NavItem {
  to: string;
  label: MessageKey;
  icon: ComponentType<{ size?: number; 'aria-hidden'?: boolean }>;
  /** A live count beside the entry (e.g. requests waiting). */
  badge?: ComponentType;
}

export function Shell({ root, nav }: { root: string; nav: NavItem[] }) {
  const t = useT();
  const [opened, { toggle, close }] = useDisclosure(false);
  // One switcher on the page: in the header on wide screens, at the top of the menu on phones.
  const wide = useMediaQuery('(min-width: 48em)', true);
  const location = useLocation();

  useEffect(() => {
    rememberPanel(root);
  }, [root]);
  // A tap on a menu entry on a phone closes the menu.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on navigation only
  useEffect(() => close(), [location.pathname]);

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <a href="#main" className={classes.skip}>
        {t('common.skipToContent')}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={t('common.toggleNavigation')}
              aria-expanded={opened}
              aria-controls="main-nav"
            />
            <Logo />
          </Group>
          <Group gap="xs" wrap="nowrap">
            <LiveBadge />
            {wide && <PlaceSwitcher />}
            <LanguageMenu />
            <UserMenu root={root} />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" id="main-nav" component="nav" aria-label={t('common.mainNavigation')}>
        {!wide && (
          <Stack gap="sm" mb="sm">
            <PlaceSwitcher fullWidth />
          </Stack>
        )}
        <AppShell.Section grow component={ScrollArea}>
          {nav.map((item) => {
            const to = item.to ? `${root}/${item.to}` : root;
            const Icon = item.icon;
            const Badge = item.badge;
            return (
              <NavLink
                key={item.to}
                component={RouterLink}
                to={to}
                end={!item.to}
                label={t(item.label)}
                leftSection={<Icon size={18} aria-hidden />}
                rightSection={Badge ? <Badge /> : undefined}
                active={item.to ? location.pathname.startsWith(to) : location.pathname === root}
                className={classes.link}
              />
            );
          })}
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1} className={classes.main}>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
