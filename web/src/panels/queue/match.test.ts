import { describe, expect, it } from 'vitest';
import { looksLikeCode, matchNotArrived, minutesSince } from './match';

const expected = (patientName: string, patientPhone: string | null) => ({
  appointmentId: patientName,
  patientId: patientName,
  patientName,
  patientPhone,
  doctorId: 'd',
  doctorName: 'Dr. Daniel Reed',
  serviceName: 'Follow-up visit',
  startsAt: '2026-12-03T10:00:00Z',
  late: false,
});
const list = [
  expected('Sara Ali', '+15555550101'),
  expected('Sami Haddad', '+15555550202'),
  expected('José Núñez', null),
  expected('سارة علي', '+971500000001'),
];
const names = (typed: string) => matchNotArrived(list, typed).map((a) => a.patientName);

describe('the desk check-in box', () => {
  it('finds by words of the name in any order and case, accents ignored', () => {
    expect(names('sara')).toEqual(['Sara Ali']);
    expect(names('ali sa')).toEqual(['Sara Ali']);
    expect(names('jose nun')).toEqual(['José Núñez']);
    expect(names('سارة')).toEqual(['سارة علي']);
    expect(names('sa')).toEqual(['Sara Ali', 'Sami Haddad']);
  });
  it('finds by phone digits however they are typed', () => {
    expect(names('0202')).toEqual(['Sami Haddad']);
    expect(names('+1 555 555 0101')).toEqual(['Sara Ali']);
    expect(names('(555) 555-0101')).toEqual(['Sara Ali']);
  });
  it('finds nobody for an empty box', () => {
    expect(names('  ')).toEqual([]);
  });
  it('tells a scanned check-in code from a name or a phone', () => {
    expect(looksLikeCode('K7QX2M9PLA')).toBe(true);
    expect(looksLikeCode('Sara Ali')).toBe(false);
    expect(looksLikeCode('15555550101')).toBe(false);
    expect(looksLikeCode('Saraaliii')).toBe(false);
  });
  it('counts whole minutes waited, never negative', () => {
    const now = Date.parse('2026-12-03T10:30:59Z');
    expect(minutesSince('2026-12-03T10:00:00Z', now)).toBe(30);
    expect(minutesSince('2026-12-03T10:40:00Z', now)).toBe(0);
    expect(minutesSince(null, now)).toBe(0);
  });
});
