import { Box } from '@mantine/core';
import type { components } from '../../api/schema';

type Row = components['schemas']['AttendanceRow'];

/**
 * Bars of the weekly no-show rate, in plain SVG (no chart library for one chart). The table below
 * it carries the same numbers for screen readers; the SVG has a title and each bar its own.
 */
export function NoShowChart({
  weeks,
  label,
  pct,
  day,
}: {
  weeks: Row[];
  label: string;
  pct: (r: number | null) => string;
  day: (iso: string) => string;
}) {
  const w = 36;
  const h = 160;
  const max = Math.max(0.1, ...weeks.map((r) => r.noShowRate ?? 0));
  return (
    <Box style={{ overflowX: 'auto' }}>
      <svg
        role="img"
        aria-label={label}
        viewBox={`0 0 ${weeks.length * w} ${h + 24}`}
        width="100%"
        style={{ minWidth: weeks.length * 24, maxHeight: 220 }}
        data-testid="noshow-chart"
      >
        <title>{label}</title>
        {weeks.map((r, i) => {
          const rate = r.noShowRate ?? 0;
          const bh = Math.round((rate / max) * (h - 20));
          return (
            <g key={r.key}>
              <title>{`${day(r.key)}: ${pct(r.noShowRate)}`}</title>
              <rect
                x={i * w + 6}
                y={h - bh}
                width={w - 12}
                height={Math.max(bh, r.due > 0 ? 1 : 0)}
                rx={3}
                fill={r.due === 0 ? 'var(--mantine-color-gray-3)' : 'var(--mantine-color-red-6)'}
              />
              {r.noShowRate !== null && (
                <text x={i * w + w / 2} y={h - bh - 4} fontSize="9" textAnchor="middle" fill="currentColor">
                  {pct(r.noShowRate)}
                </text>
              )}
              <text x={i * w + w / 2} y={h + 14} fontSize="8" textAnchor="middle" fill="currentColor">
                {r.key.slice(5)}
              </text>
            </g>
          );
        })}
      </svg>
    </Box>
  );
}
