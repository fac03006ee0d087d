import { Button, Checkbox, Select, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useT } from '../../i18n';
import { ErrorState } from '../../ui/ErrorState';
import { FormError } from '../../ui/FormError';
import { Notice, useNotice } from '../../ui/notify';
import { useClinic } from '../../ui/place';
import { type SchedulingSettings, useSaveSchedulingSettings, useSchedulingSettings } from './calendar-api';
import { Section } from './Section';

const GRIDS = [5, 10, 15, 20, 30, 60] as const;
type Grid = SchedulingSettings['slotGridMin'];

/**
 * The clinic's suggested start times: the grid they sit on and whether times off the grid (right
 * after a visit that ends at 2:05 PM) are suggested too. The owner changes them; the front desk
 * sees them.
 */
export function SlotGridPanel() {
  const t = useT();
  const { role } = useClinic();
  const canEdit = role === 'owner';
  const settings = useSchedulingSettings();
  const save = useSaveSchedulingSettings();
  const notice = useNotice();
  const [grid, setGrid] = useState<Grid>(15);
  const [offGrid, setOffGrid] = useState(false);
  useEffect(() => {
    if (!settings.data) return;
    setGrid(settings.data.slotGridMin);
    setOffGrid(settings.data.offGridStarts);
  }, [settings.data]);
  return (
    <Section id="slot-grid-title" title={t('calendar.settings.title')}>
      {settings.isError ? (
        <ErrorState error={settings.error} onRetry={() => settings.refetch()} />
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            notice.clear();
            save.mutate(
              { slotGridMin: grid, offGridStarts: offGrid },
              { onSuccess: () => notice.show(t('calendar.settings.saved')) },
            );
          }}
          data-testid="slot-grid"
        >
          <Stack gap="sm" maw={560}>
            <Text size="sm">{t('calendar.settings.intro')}</Text>
            <Select
              label={t('calendar.settings.grid')}
              data={GRIDS.map((g) => ({
                value: String(g),
                label: t('calendar.settings.minutes', { minutes: g }),
              }))}
              value={String(grid)}
              onChange={(v) => {
                const g = GRIDS.find((x) => String(x) === v);
                if (g) setGrid(g);
              }}
              allowDeselect={false}
              disabled={!canEdit || !settings.data}
              w={220}
              data-testid="slot-grid-min"
            />
            <Checkbox
              label={t('calendar.settings.offGrid')}
              description={t('calendar.settings.offGridHint')}
              checked={offGrid}
              onChange={(e) => setOffGrid(e.currentTarget.checked)}
              disabled={!canEdit || !settings.data}
              data-testid="slot-off-grid"
            />
            {canEdit ? (
              <Button type="submit" loading={save.isPending} disabled={!settings.data} w="fit-content">
                {t('calendar.settings.save')}
              </Button>
            ) : (
              <Text size="sm" c="dimmed">
                {t('calendar.settings.ownerOnly')}
              </Text>
            )}
            <FormError error={save.error} />
            <Notice notice={notice} />
          </Stack>
        </form>
      )}
    </Section>
  );
}
