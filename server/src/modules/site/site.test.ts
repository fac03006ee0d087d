import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../platform/clock.ts';
import { PageCache } from './cache.ts';
import { clockText, formatPrice, weekdayName } from './home-words.ts';
import { openingHours, openingHoursSpecification } from './hours.ts';
import { drawCrossLogo, sniffImage } from './logo.ts';

describe('opening hours', () => {
  it('merges the doctors’ overlapping and touching intervals per weekday, closed days empty', () => {
    const days = openingHours([
      { weekday: 1, start: 540, end: 720 },
      { weekday: 1, start: 700, end: 1020 },
      { weekday: 1, start: 1020, end: 1080 },
      { weekday: 2, start: 840, end: 900 },
      { weekday: 2, start: 480, end: 600 },
      { weekday: 3, start: 600, end: 600 },
    ]);
    expect(days).toHaveLength(7);
    expect(days[0]).toEqual({ weekday: 1, open: [{ from: '09:00', to: '18:00' }] });
    expect(days[1]?.open).toEqual([
      { from: '08:00', to: '10:00' },
      { from: '14:00', to: '15:00' },
    ]);
    expect(days[2]?.open).toEqual([]);
    expect(openingHoursSpecification(days)).toHaveLength(3);
    expect(
      openingHoursSpecification([{ weekday: 7, open: [{ from: '20:00', to: '24:00' }] }])[0],
    ).toMatchObject({
      dayOfWeek: 'https://schema.org/Sunday',
      closes: '23:59',
    });
  });
});

describe('words of the home page', () => {
  it('writes prices in the currency’s minor units, Arabic with Latin digits', () => {
    expect(formatPrice(6050, 'USD', 'en')).toBe('$60.50');
    expect(formatPrice(1500, 'JPY', 'en')).toBe('¥1,500');
    expect(formatPrice(12345, 'KWD', 'en')).toMatch(/^KWD\s12\.345$/);
    expect(formatPrice(6000, 'AED', 'ar')).not.toMatch(/[٠-٩]/);
    expect(weekdayName(1, 'en')).toBe('Monday');
    expect(weekdayName(7, 'ar')).toBe('الأحد');
    expect(clockText('24:00', 'en')).toMatch(/^12:00\sAM$/);
    expect(clockText('09:30', 'ar')).not.toMatch(/[٠-٩]/);
  });
});

describe('logo bytes', () => {
  it('tells images by their first bytes, not by a name or a declared type', () => {
    expect(sniffImage(drawCrossLogo('#0b7285', 16))).toBe('image/png');
    expect(sniffImage(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffImage(Buffer.from('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
    expect(sniffImage(Buffer.from('GIF89a'))).toBe('image/gif');
    expect(sniffImage(Buffer.from('GIF89 not'))).toBeNull();
    expect(sniffImage(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffImage(Buffer.alloc(0))).toBeNull();
  });
});

describe('page cache', () => {
  it('renders once for concurrent misses, keeps a page its TTL, and drops a clinic’s pages on a write', async () => {
    const clock = new ManualClock(new Date('2026-01-01T00:00:00Z'));
    const cache = new PageCache(clock, 1000);
    let renders = 0;
    const render = async () => {
      renders++;
      await new Promise((r) => setTimeout(r, 5));
      return { clinicId: 'c1', body: `page ${renders}` };
    };
    const get = async (key: string, r: typeof render) => (await cache.get(key, r))?.body;
    const both = await Promise.all([get('k', render), get('k', render)]);
    expect(both).toEqual(['page 1', 'page 1']);
    expect(await get('k', render)).toBe('page 1');
    cache.dropClinic('c1');
    expect(await get('k', render)).toBe('page 2');
    clock.advance(1001);
    expect(await get('k', render)).toBe('page 3');
    // A render begun before a drop is not kept.
    const slow = get('k2', render);
    cache.dropClinic('c1');
    await slow;
    expect(await get('k2', render)).toBe('page 5');
    expect(await cache.get('none', async () => undefined)).toBeUndefined();
  });
});
