import { describe, expect, it } from 'vitest';
import { readRetroAnswer } from '../../../src/domain/retro-answer.ts';

/** The retro form as people type it: counts with or without spaces, what worked in English or French. */

const read = (values: Record<string, string>) => readRetroAnswer(values);

describe('the retro answer', () => {
  it('reads counts, leaving empty ones unknown, and spaces grouping thousands', () => {
    expect(read({ reactions: '1 200', comments: '', shares: '0', clicks: ' 7 ' })).toEqual({
      ok: true,
      result: { reactions: 1200, comments: null, shares: 0, clicks: 7, worked: [], word: null },
    });
  });

  it('reads tags before the colon in either language and the word after it', () => {
    const tags = (worked: string) => {
      const r = read({ worked });
      return r.ok ? [r.result.worked, r.result.word] : r.problems;
    };
    expect(tags('tone, timing: the hook')).toEqual([['tone', 'timing'], 'the hook']);
    expect(tags('Visuel et sujet\u00a0: la photo')).toEqual([['visual', 'topic'], 'la photo']);
    expect(tags('tone tone')).toEqual([['tone'], null]);
    // No colon and not only tags: all of it is the word.
    expect(tags('great photo')).toEqual([[], 'great photo']);
    expect(tags(': nothing special')).toEqual([[], 'nothing special']);
    expect(tags('luck, tone: yes')).toEqual([{ field: 'worked', kind: 'tags', given: 'luck' }]);
  });

  it('names every bad count', () => {
    expect(read({ reactions: '-1', comments: '2.5', shares: 'lots', clicks: '12345678901' })).toEqual({
      ok: false,
      problems: ['reactions', 'comments', 'shares', 'clicks'].map((field) => ({ field, kind: 'count' })),
    });
  });
});
