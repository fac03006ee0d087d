import { describe, expect, it } from 'vitest';
import { gridMinuteAt } from './grid-minute';

const day = { startMin: 8 * 60, endMin: 18 * 60, hourPx: 112 };
const at = (hour: number, minute: number) => ((hour * 60 + minute - day.startMin) / 60) * day.hourPx;

describe('the time a click in a calendar column books', () => {
  it('is the grid time at or before the point, on the clinic’s grid', () => {
    expect(gridMinuteAt(at(10, 20), { ...day, gridMin: 15 })).toBe(10 * 60 + 15);
    expect(gridMinuteAt(at(10, 20), { ...day, gridMin: 30 })).toBe(10 * 60);
    expect(gridMinuteAt(at(10, 44), { ...day, gridMin: 30 })).toBe(10 * 60 + 30);
    expect(gridMinuteAt(at(10, 59), { ...day, gridMin: 60 })).toBe(10 * 60);
    expect(gridMinuteAt(at(10, 7), { ...day, gridMin: 5 })).toBe(10 * 60 + 5);
  });

  it('aligns to local midnight, not to where the column starts', () => {
    // A column that starts at 08:10 still books on :00/:30 with a 30-minute grid.
    const odd = { ...day, startMin: 8 * 60 + 10 };
    const y = ((9 * 60 + 40 - odd.startMin) / 60) * odd.hourPx;
    expect(gridMinuteAt(y, { ...odd, gridMin: 30 })).toBe(9 * 60 + 30);
    // The column's top books its first grid time inside it, never before the shown hours.
    expect(gridMinuteAt(0, { ...odd, gridMin: 30 })).toBe(8 * 60 + 30);
  });

  it('keeps a whole step inside the shown hours at the bottom edge', () => {
    expect(gridMinuteAt(at(17, 59), { ...day, gridMin: 30 })).toBe(17 * 60 + 30);
    expect(gridMinuteAt(at(18, 30), { ...day, gridMin: 60 })).toBe(17 * 60);
    expect(gridMinuteAt(-50, { ...day, gridMin: 15 })).toBe(8 * 60);
  });
});
