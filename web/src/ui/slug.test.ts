import { describe, expect, it } from 'vitest';
import { suggestSlug } from './slug';

const SERVER_RULE = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

describe('suggested web address', () => {
  it('joins the words of a Latin name with dashes, without accents or punctuation', () => {
    expect(suggestSlug('Dubai Family Clinic')).toBe('dubai-family-clinic');
    expect(suggestSlug('  Clínica São José — Centro! ')).toBe('clinica-sao-jose-centro');
    expect(suggestSlug('Smith & Jones Dental')).toBe('smith-and-jones-dental');
    expect(suggestSlug("Dr. O'Neil's Practice")).toBe('dr-o-neil-s-practice');
  });

  it('transliterates an Arabic name to Latin letters', () => {
    expect(suggestSlug('عيادة الشفاء')).toBe('ayada-al-shfa');
    expect(suggestSlug('مركز النور الطبي')).toBe('mrkz-al-nur-al-tbi');
    expect(suggestSlug('عيادة دبي ٢')).toBe('ayada-dbi-2');
  });

  it('keeps to the server’s rule: 40 characters at most, no dash at either end', () => {
    const long = suggestSlug('The Very Long Name Of A Clinic In The Middle Of Somewhere Far Away');
    expect(long.length).toBeLessThanOrEqual(40);
    expect(long).toMatch(SERVER_RULE);
    for (const name of ['عيادة', '--', 'x', 'Zürich Ärzte', '診療所', '😀 Smile']) {
      expect(suggestSlug(name)).toMatch(SERVER_RULE);
    }
  });

  it('gives a stable address when nothing in the name spells one', () => {
    expect(suggestSlug('診療所')).toMatch(/^clinic-[a-z0-9]+$/);
    expect(suggestSlug('診療所')).toBe(suggestSlug('診療所'));
    expect(suggestSlug('')).toBe('');
  });
});
