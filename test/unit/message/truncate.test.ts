import { describe, expect, it } from 'vitest';
import { truncate } from '../../../src/message/truncate.ts';

describe('truncate', () => {
  it('keeps short text as it is', () => {
    expect(truncate('Bonjour', 7)).toBe('Bonjour');
  });
  it('cuts visibly and within the limit', () => {
    const out = truncate('a'.repeat(100), 10);
    expect(out).toHaveLength(10);
    expect(out.endsWith('…')).toBe(true);
  });
  it('never splits an emoji, a flag or an accented letter', () => {
    const family = '👨‍👩‍👧‍👦';
    const out = truncate(`${family}${family}${family}`, 14);
    expect(out).toBe(`${family}…`);
    expect(truncate('🇫🇷🇫🇷🇫🇷', 6)).toBe('🇫🇷…');
    expect(truncate('e\u0301e\u0301e\u0301', 4)).toBe('e\u0301…');
  });
});
