/** Until the clinic's setting has loaded: the server's default grid. */
export const DEFAULT_GRID_MIN = 15;

/**
 * The start a point in a calendar column stands for: the grid time (minutes after local midnight,
 * on the clinic's slot grid) at or before the point, kept inside the column's shown hours so a
 * whole grid step fits. `y` is pixels from the column's top, which shows `startMin`.
 */
export function gridMinuteAt(
  y: number,
  {
    startMin,
    endMin,
    hourPx,
    gridMin,
  }: { startMin: number; endMin: number; hourPx: number; gridMin: number },
): number {
  const first = Math.ceil(startMin / gridMin) * gridMin;
  const last = Math.max(first, Math.floor((endMin - gridMin) / gridMin) * gridMin);
  const m = Math.floor((startMin + (y / hourPx) * 60) / gridMin) * gridMin;
  return Math.min(Math.max(m, first), last);
}
