import { Badge, Box, VisuallyHidden } from '@mantine/core';
import { IconPlugConnectedX } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useLiveStatus } from '../api/live';
import { useT } from '../i18n';
import { useLiveScreenOpen } from './live-screen';

/** After this long without a connection the warning shows (a first connect or a quick retry never flashes it). */
const GRACE_MS = 2000;

/**
 * Whether the live connection has been down for a moment while `listening` (a public screen
 * passes true: it always listens). A first connect or a quick retry does not count.
 */
export function useLiveDown(listening = true): boolean {
  const status = useLiveStatus();
  const down = listening && status !== 'online';
  const [shown, setShown] = useState(false);
  useEffect(() => {
    if (!down) return setShown(false);
    const timer = setTimeout(() => setShown(true), GRACE_MS);
    return () => clearTimeout(timer);
  }, [down]);
  return shown;
}

/**
 * "Offline — reconnecting…" in the header while a live screen is shown and its connection is down:
 * what the screen shows may be behind until it is back (it reloads itself then).
 */
export function LiveBadge() {
  const t = useT();
  const shown = useLiveDown(useLiveScreenOpen());
  if (!shown) return null;
  return (
    <Badge
      color="orange"
      variant="light"
      leftSection={<IconPlugConnectedX size={14} aria-hidden />}
      role="status"
      data-testid="live-offline"
    >
      {/* On a phone's narrow header the icon alone, its words read by screen readers. */}
      <Box component="span" visibleFrom="sm">
        {t('live.offline')}
      </Box>
      <Box component="span" hiddenFrom="sm">
        <VisuallyHidden>{t('live.offline')}</VisuallyHidden>
      </Box>
    </Badge>
  );
}
