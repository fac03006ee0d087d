import { describe, expect, it } from 'vitest';
import { attendance, median, type Visit } from './attendance.ts';

const zone = 'Asia/Riyadh';
const v = (status: string, startsAt: string, extra: Partial<Visit> = {}): Visit => ({
  doctorId: 'd1',
  doctorName: 'Dr One',
  status,
  startsAt: new Date(startsAt),
  createdAt: new Date(new Date(startsAt).getTime() - 48 * 3_600_000),
  cancelledBy: null,
  cancelledFromHold: false,
  ...extra,
});

describe('attendance figures', () => {
  it('median of odd and even lists, none for an empty one', () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('counts per week and per doctor; rates only where there is something to divide', () => {
    const visits = [
      v('completed', '2026-03-02T07:00:00Z'),
      v('no_show', '2026-03-03T07:00:00Z'),
      v('checked_in', '2026-03-04T07:00:00Z', { doctorId: 'd2', doctorName: 'Dr Two' }),
      v('cancelled', '2026-03-05T07:00:00Z', { cancelledBy: 'patient' }),
      v('cancelled', '2026-03-05T08:00:00Z', { cancelledBy: 'clinic' }),
      // A hold that was let go is no cancellation.
      v('cancelled', '2026-03-05T09:00:00Z', { cancelledFromHold: true, cancelledBy: 'patient' }),
      v('confirmed', '2026-03-10T07:00:00Z'),
      // 20:30 UTC on Sunday 8 March is 23:30 in Riyadh: still the local week of 2 March.
      v('no_show', '2026-03-08T20:30:00Z'),
    ];
    const a = attendance(visits, {
      timeZone: zone,
      fromDate: '2026-03-02',
      toDate: '2026-03-22',
      confirmationsRecorded: false,
    });
    expect(a.weeks.map((w) => w.key)).toEqual(['2026-03-02', '2026-03-09', '2026-03-16']);
    expect(a.weeks[0]).toMatchObject({
      due: 4,
      attended: 2,
      noShows: 2,
      noShowRate: 0.5,
      cancelled: 2,
      cancelledByPatient: 1,
      cancelledByClinic: 1,
    });
    expect(a.weeks[1]).toMatchObject({ due: 0, noShowRate: null, medianLeadHours: null });
    expect(a.weeks[0]?.confirmationRate).toBeNull();
    expect(a.weeks[0]?.medianLeadHours).toBe(48);
    expect(a.doctors.map((d) => [d.label, d.due, d.noShows])).toEqual([
      ['Dr One', 3, 2],
      ['Dr Two', 1, 0],
    ]);
  });

  it('confirmation figures appear only when confirmations are recorded', () => {
    const visits = [
      v('completed', '2026-03-02T07:00:00Z', { confirmedAt: new Date('2026-03-01T07:00:00Z') }),
      v('no_show', '2026-03-03T07:00:00Z', { confirmedAt: null }),
      v('completed', '2026-03-03T08:00:00Z', { confirmedAt: null }),
    ];
    const a = attendance(visits, {
      timeZone: zone,
      fromDate: '2026-03-02',
      toDate: '2026-03-08',
      confirmationsRecorded: true,
    });
    expect(a.total).toMatchObject({ due: 3, confirmed: 1, confirmationRate: 0.333, noShowRateConfirmed: 0 });
  });
});
