import { describe, expect, it } from 'vitest';
import { matchesOf } from './matches-of.ts';

const spans = (ms: Iterable<RegExpExecArray>) => [...ms].map((m) => [m.index, m[0]]);

describe('matchesOf', () => {
  it('finds what matchAll finds, in Chinese and English', () => {
    const re = /被盗|hack(?:ed)?/gi;
    const text = '我的账户被盗了 — my account was HACKED, 又被盗, hacked again';
    expect(spans(matchesOf(re, text))).toEqual(spans(text.matchAll(re)));
    expect(spans(matchesOf(re, text))).toHaveLength(4);
  });

  it('starts from the beginning whatever lastIndex a previous use left, and leaves it at 0 after a break', () => {
    const re = /\d+/g;
    re.lastIndex = 5;
    for (const m of matchesOf(re, '12 34 56')) {
      expect(m[0]).toBe('12');
      break;
    }
    expect(re.lastIndex).toBe(0);
    expect(spans(matchesOf(re, '12 34 56'))).toEqual([[0, '12'], [3, '34'], [6, '56']]);
  });

  it('moves past empty matches instead of finding them forever', () => {
    expect(spans(matchesOf(/x*/g, 'ab'))).toEqual([[0, ''], [1, ''], [2, '']]);
  });

  it('refuses a pattern without the g flag, as matchAll does', () => {
    expect(() => [...matchesOf(/a/, 'aaa')]).toThrow(/global pattern/);
  });
});
