import { describe, expect, it } from 'vitest';
import { composeNotice, formatWhen } from './compose.ts';
import { reminderDueAt } from './reminder-times.ts';
import { hashVisitToken, isTokenShaped, newVisitToken } from './tokens.ts';

describe('reminder times', () => {
  it('a day before is the same local time the day before, across spring-forward and fall-back', () => {
    // Berlin: 2027-03-28 02:00 → 03:00; 2027-10-31 03:00 → 02:00.
    expect(reminderDueAt(new Date('2027-03-28T07:00:00Z'), 1440, 'Europe/Berlin').toISOString()).toBe(
      '2027-03-27T08:00:00.000Z',
    );
    expect(reminderDueAt(new Date('2027-10-31T08:00:00Z'), 1440, 'Europe/Berlin').toISOString()).toBe(
      '2027-10-30T07:00:00.000Z',
    );
    // New York: 2027-03-14 spring-forward; a 09:00 visit on the Monday after.
    expect(reminderDueAt(new Date('2027-03-15T13:00:00Z'), 1440, 'America/New_York').toISOString()).toBe(
      '2027-03-14T13:00:00.000Z',
    );
    expect(reminderDueAt(new Date('2027-03-14T13:00:00Z'), 1440, 'America/New_York').toISOString()).toBe(
      '2027-03-13T14:00:00.000Z',
    );
  });

  it('other offsets are real minutes', () => {
    expect(reminderDueAt(new Date('2027-03-28T07:00:00Z'), 120, 'Europe/Berlin').toISOString()).toBe(
      '2027-03-28T05:00:00.000Z',
    );
  });
});

describe('notice texts', () => {
  const facts = {
    clinicName: 'Clinic\nOne',
    serviceName: 'Consultation',
    doctorName: 'Dr Who',
    startsAt: new Date('2027-03-28T07:00:00Z'),
    timeZone: 'Europe/Berlin',
    link: 'https://x.test/c/one/visit/abc',
  };
  it('says what, when in the clinic zone, and carries the link; control characters do not pass', () => {
    const n = composeNotice('confirmed', 'en', facts);
    expect(n.sms).toContain('Clinic One: Your appointment is confirmed.');
    expect(n.sms).toContain('09:00');
    expect(n.sms).toContain(facts.link);
    expect(n.subject).not.toContain('\n');
  });
  it('speaks Arabic, with the reason of a decline', () => {
    const n = composeNotice('declined', 'ar', { ...facts, link: undefined, reason: 'الطبيب غير متاح' });
    expect(n.sms).toContain('نعتذر');
    expect(n.sms).toContain('السبب: الطبيب غير متاح');
    expect(formatWhen(facts.startsAt, facts.timeZone, 'ar')).toContain('مارس');
  });
});

describe('visit tokens', () => {
  it('are 256 random bits, URL-safe; only the hash is kept', () => {
    const a = newVisitToken();
    expect(isTokenShaped(a)).toBe(true);
    expect(a).not.toBe(newVisitToken());
    expect(hashVisitToken(a)).toHaveLength(32);
    expect(isTokenShaped(`${a}x`)).toBe(false);
    expect(isTokenShaped('../../etc/passwd')).toBe(false);
  });
});
