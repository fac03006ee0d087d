import { isValidElement, type ReactElement } from 'react';
import { describe, expect, it } from 'vitest';
import { isolate } from './format';
import { isolatedParts } from './rich';

/** The parts as text, each isolated value as [value]. */
const shape = (parts: ReturnType<typeof isolatedParts>) =>
  parts.map((p) =>
    isValidElement(p) ? `[${String((p as ReactElement<{ children: unknown }>).props.children)}]` : p,
  );

describe('sentences with names in their own direction', () => {
  it('every placeholder value sits in its own <bdi>, the words and separators stay where the sentence has them', () => {
    const parts = isolatedParts('{service} مع {doctor} · {mode}', {
      service: 'General consultation',
      doctor: 'Dr. Daniel Reed',
      mode: 'حضوري',
    });
    expect(shape(parts)).toEqual(['[General consultation]', ' مع ', '[Dr. Daniel Reed]', ' · ', '[حضوري]']);
    for (const p of parts.filter(isValidElement)) expect((p as ReactElement).type).toBe('bdi');
  });

  it('a placeholder without a value is left as written, and a message without any is one piece', () => {
    expect(shape(isolatedParts('{a} and {b}', { a: 'x' }))).toEqual(['[x]', ' and ', '{b}']);
    expect(shape(isolatedParts('No visits.', {}))).toEqual(['No visits.']);
  });

  it('strings get Unicode isolates instead, for places that take only text', () => {
    expect(isolate('Dr. Reed')).toBe('\u2068Dr. Reed\u2069');
  });
});
