import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { buildCalendar, escapeText, foldLine } from './ical.ts';

describe('iCalendar writer', () => {
  const text = buildCalendar({
    name: 'Dr. Ünal, Clinic; Main',
    now: new Date('2026-06-01T08:00:00Z'),
    events: [
      {
        uid: 'a1@cliniclick',
        start: new Date('2026-06-01T09:00:00Z'),
        end: new Date('2026-06-01T09:30:00Z'),
        summary: `Consultation – Zoë; ${'with a very long name that goes on and on, past the 75-octet limit ✓ '.repeat(2)}`,
        location: 'Room 1, upstairs',
        status: 'CONFIRMED',
        updatedAt: new Date('2026-05-30T12:00:00Z'),
        sequence: 2,
      },
      {
        uid: 'a2@cliniclick',
        start: new Date('2026-06-02T09:00:00Z'),
        end: new Date('2026-06-02T09:15:00Z'),
        summary: 'Follow-up – Sam',
        status: 'CANCELLED',
        updatedAt: new Date('2026-05-30T12:00:00Z'),
        sequence: 0,
      },
    ],
  });

  it('uses CRLF, folds at 75 octets without splitting characters, and parses back with ical.js', () => {
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    const cal = new ICAL.Component(ICAL.parse(text));
    const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events.map((e) => e.uid)).toEqual(['a1@cliniclick', 'a2@cliniclick']);
    expect(events[0]!.summary).toContain('Consultation – Zoë; with a very long name');
    expect(events[0]!.summary.endsWith('✓ ')).toBe(true);
    expect(events[0]!.location).toBe('Room 1, upstairs');
    expect(events[0]!.startDate.toJSDate().toISOString()).toBe('2026-06-01T09:00:00.000Z');
    expect(events[1]!.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(text).toContain('X-WR-CALNAME:Dr. Ünal\\, Clinic\\; Main');
    expect(events[0]!.component.getFirstPropertyValue('dtstamp')?.toString()).toBe('2026-06-01T08:00:00Z');
  });

  it('escapes TEXT and leaves short lines alone', () => {
    expect(escapeText('a\\b;c,d\ne')).toBe('a\\\\b\\;c\\,d\\ne');
    expect(foldLine('SUMMARY:short')).toBe('SUMMARY:short');
  });
});
