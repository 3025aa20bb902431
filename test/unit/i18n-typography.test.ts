import { describe, expect, it } from 'vitest';
import { translate } from '../../src/i18n/catalog.ts';
import { en } from '../../src/i18n/en.ts';
import { fr } from '../../src/i18n/fr.ts';

/**
 * French is written as French, English as English: the rules a reader notices, checked over every
 * string of both catalogs. A failure names the key, so the fix is one line.
 */

type Catalog = Record<string, string>;
const NBSP = '[\u00a0\u202f]';

/** `: ; ! ?` that end a clause (followed by a space or the end), not `09:00`, `HH:mm` or `https://`. */
const clausePunctuation = /(.)([:;!?])(?=\s|$)/gu;

function offenders(catalog: Catalog, bad: (value: string) => boolean): string[] {
  return Object.entries(catalog)
    .filter(([, v]) => bad(v))
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}`);
}

/** Numbers people count with (`{count} sources`): the noun after them must agree, through `{count|one|other}`. */
const COUNTS = ['count', 'perWeek', 'posts', 'sent', 'shared', 'skipped'];
/** Units that take no plural, and words after a count that are not its noun (`{perWeek} a week`, `{count} only`). */
const INVARIABLE = /^(h|min|j|d|%|\/|·|—|\))(?!\p{L})/u;
const NOT_A_NOUN = new Set(['a', 'per', 'par', 'au', 'at', 'only', 'seulement', 'more']);

function countsWithoutPlural(value: string): boolean {
  for (const name of COUNTS) {
    for (const m of value.matchAll(new RegExp(`\\{${name}\\}\\s+(\\S+)`, 'g'))) {
      const next = m[1] ?? '';
      if (INVARIABLE.test(next) || NOT_A_NOUN.has(next.replace(/[.,;:]$/, ''))) continue;
      if (/^\p{L}/u.test(next) && !next.startsWith(`{${name}|`)) return true;
    }
  }
  return false;
}

describe('French typography', () => {
  it('puts a no-break space before : ; ! ? that end a clause, never a plain space or none', () => {
    const bad = offenders(fr, (v) =>
      [...v.matchAll(clausePunctuation)].some(([, before]) => !new RegExp(NBSP).test(before ?? '')),
    );
    expect(bad).toEqual([]);
  });

  it('puts a no-break space inside « »', () => {
    expect(offenders(fr, (v) => /«(?![\u00a0\u202f])|(?<![\u00a0\u202f])»/.test(v))).toEqual([]);
    expect(offenders(fr, (v) => /[“”"]/.test(v))).toEqual([]);
  });

  it('writes no "(s)": a count chooses its word', () => {
    expect(offenders(fr, (v) => /\(s\)|\(e\)/.test(v))).toEqual([]);
    expect(offenders(en, (v) => /\(s\)/.test(v))).toEqual([]);
  });

  it('shows weekdays as names, not numbers', () => {
    expect(offenders(fr, (v) => /\b\d(,\d){2,}\b/.test(v))).toEqual([]);
    expect(offenders(en, (v) => /\b\d(,\d){2,}\b/.test(v))).toEqual([]);
  });
});

describe('English typography', () => {
  it('puts no space before : ; ! ?', () => {
    const bad = offenders(en, (v) => [...v.matchAll(clausePunctuation)].some(([, before]) => /\s/u.test(before ?? '')));
    expect(bad).toEqual([]);
    expect(offenders(en, (v) => /[\u00a0\u202f«»]/.test(v))).toEqual([]);
  });
});

describe('plurals', () => {
  it('gives a plural form wherever a count is followed by its noun, in both catalogs', () => {
    expect(offenders(fr, countsWithoutPlural)).toEqual([]);
    expect(offenders(en, countsWithoutPlural)).toEqual([]);
  });

  it('agrees with the number in each language (French counts 0 and 1 as one)', () => {
    expect(translate('fr', 'veille.more-sources', { count: 1 })).toBe('+1 source');
    expect(translate('fr', 'veille.more-sources', { count: 3 })).toBe('+3 sources');
    expect(translate('en', 'veille.more-sources', { count: 1 })).toBe('+1 source');
    expect(translate('en', 'veille.more-sources', { count: 0 })).toBe('+0 sources');
    expect(translate('fr', 'draft.blocked', { count: 1 })).toContain('1 règle bloque ce brouillon');
    expect(translate('fr', 'draft.blocked', { count: 2 })).toContain('2 règles bloquent ce brouillon');
    expect(translate('en', 'draft.blocked', { count: 1 })).toContain('1 rule blocks this draft');
  });
});
