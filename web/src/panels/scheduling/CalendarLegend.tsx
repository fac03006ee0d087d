import { ColorSwatch, Group, SegmentedControl, Text } from '@mantine/core';
import { useT } from '../../i18n';
import type { Appointment, AppointmentStatus, Doctor, Service } from './api';
import { useServiceName } from './names';
import { STATUS_COLOR } from './status';

export type ColorBy = 'service' | 'doctor' | 'status';

export const isColorBy = (v: string | null): v is ColorBy =>
  v === 'service' || v === 'doctor' || v === 'status';

const GREY = '#868e96';
/** For doctors without a colour of their own, in the order the team lists them. */
const PALETTE = ['#1e88e5', '#43a047', '#fb8c00', '#8e24aa', '#e53935', '#00897b', '#6d4c41', '#3949ab'];

const statusColor = (s: AppointmentStatus) => `var(--mantine-color-${STATUS_COLOR[s].replace('.', '-')})`;

/** A visit's colour by service, doctor or status, and the key naming each colour shown. */
export function calendarColors(by: ColorBy, doctors: Doctor[], shown: Appointment[]) {
  const doctorColor = new Map(doctors.map((d, i) => [d.id, d.color ?? PALETTE[i % PALETTE.length]!]));
  const colorOf = (a: Appointment): string =>
    by === 'doctor'
      ? (doctorColor.get(a.doctorId) ?? GREY)
      : by === 'status'
        ? statusColor(a.status)
        : (a.serviceColor ?? GREY);
  // The key names what this view shows; an empty view names every service, doctor or state.
  const keys = new Set(
    shown.map((a) => (by === 'doctor' ? a.doctorId : by === 'status' ? a.status : a.serviceId)),
  );
  const pick = <T,>(list: T[], key: (x: T) => string) =>
    keys.size === 0 ? list : list.filter((x) => keys.has(key(x)));
  return { colorOf, doctorColor, pick, statusColor };
}

const STATUSES = Object.keys(STATUS_COLOR) as AppointmentStatus[];

export function CalendarLegend({
  by,
  onChange,
  doctors,
  services,
  shown,
}: {
  by: ColorBy;
  onChange: (by: ColorBy) => void;
  doctors: Doctor[];
  services: Service[];
  shown: Appointment[];
}) {
  const t = useT();
  const nameOf = useServiceName();
  const { doctorColor, pick, statusColor: ofStatus } = calendarColors(by, doctors, shown);
  const entries: Array<{ key: string; color: string; label: string }> =
    by === 'doctor'
      ? pick(doctors, (d) => d.id).map((d) => ({
          key: d.id,
          color: doctorColor.get(d.id) ?? GREY,
          label: d.name,
        }))
      : by === 'status'
        ? pick(STATUSES, (s) => s).map((s) => ({
            key: s,
            color: ofStatus(s),
            label: t(`schedule.status.${s}`),
          }))
        : pick(services, (s) => s.id).map((s) => ({ key: s.id, color: s.color ?? GREY, label: nameOf(s) }));
  return (
    <Group gap="sm" align="center" data-testid="calendar-legend">
      <SegmentedControl
        size="xs"
        value={by}
        onChange={(v) => isColorBy(v) && onChange(v)}
        aria-label={t('calendar.colorBy')}
        data={[
          { value: 'service', label: t('calendar.colorBy.service') },
          { value: 'doctor', label: t('calendar.colorBy.doctor') },
          { value: 'status', label: t('calendar.colorBy.status') },
        ]}
        data-testid="calendar-color-by"
      />
      <Group
        component="ul"
        gap="sm"
        m={0}
        p={0}
        aria-label={t('calendar.legend')}
        style={{ listStyle: 'none' }}
      >
        {entries.map((e) => (
          <Group component="li" key={e.key} gap={6} wrap="nowrap" data-testid="legend-entry">
            <ColorSwatch color={e.color} size={14} radius="sm" aria-hidden />
            <Text size="sm" component="span" style={{ unicodeBidi: 'plaintext' }}>
              {e.label}
            </Text>
          </Group>
        ))}
      </Group>
    </Group>
  );
}
