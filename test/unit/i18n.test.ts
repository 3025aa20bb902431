import { describe, expect, it } from 'vitest';
import { resolveLocale, translate } from '../../src/i18n/catalog.ts';
import { en } from '../../src/i18n/en.ts';
import { fr } from '../../src/i18n/fr.ts';

const params = (s: string) => [...s.matchAll(/\{(\w[\w-]*)\}/g)].map((m) => m[1]).sort();

describe('catalogs', () => {
  it('French has every English key with the same parameters, and is really translated', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as (keyof typeof en)[]) expect(params(fr[key]), key).toEqual(params(en[key]));
    // Words that are the same in both languages.
    const sameOnPurpose = new Set(['draft.changed.reviewerNote', 'veille.digest-title', 'veille.more-sources']);
    const same = (Object.keys(en) as (keyof typeof en)[]).filter(
      (k) => en[k] === fr[k] && !k.startsWith('language.') && !sameOnPurpose.has(k),
    );
    expect(same).toEqual([]);
  });

  it('fills parameters and leaves unknown ones visible', () => {
    expect(translate('fr', 'config.saved', { changes: 'x' })).toBe('Enregistré\u00a0: x.');
    expect(translate('en', 'config.saved')).toBe('Saved: {changes}.');
  });

  it("uses the person's language where Relais speaks it, else the workspace's", () => {
    expect(resolveLocale('fr', 'en')).toBe('fr');
    expect(resolveLocale('en-GB', 'fr')).toBe('en');
    expect(resolveLocale('fr_CA', 'en')).toBe('fr');
    expect(resolveLocale('de', 'fr')).toBe('fr');
    expect(resolveLocale(null, 'en')).toBe('en');
  });
});
