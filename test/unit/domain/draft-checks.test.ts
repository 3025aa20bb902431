import { describe, expect, it } from 'vitest';
import { checkCharter } from '../../../src/domain/charter-checks.ts';
import { checkDraft } from '../../../src/domain/draft-checks.ts';
import { DEFAULT_SETTINGS, type WorkspaceSettings } from '../../../src/domain/settings.ts';

type Charter = WorkspaceSettings['charter'];
const charter = (over: Partial<Charter> = {}): Charter => ({ ...DEFAULT_SETTINGS.charter, ...over });
const settings = (over: Partial<Charter> = {}, mastodonLimit = 500) => ({ charter: charter(over), mastodonLimit });

describe('checkCharter: forbidden terms', () => {
  const titan = charter({ forbiddenTerms: ['Titan'], forbiddenTermsLevel: 'blocker' });

  it('finds a term whatever its case, next to punctuation', () => {
    for (const text of ['Le projet titan, enfin.', 'TITAN!', 'On lance #Titan', '(Titan)']) {
      expect(checkCharter(text, titan), text).toHaveLength(1);
    }
  });
  it('does not find it inside a longer word', () => {
    expect(checkCharter('Un boîtier en titanium, titans du web', titan)).toEqual([]);
  });
  it('ignores accents both ways, and matches several words across spaces', () => {
    const rule = charter({ forbiddenTerms: ['Projet Eté'], forbiddenTermsLevel: 'warning' });
    expect(checkCharter('On prépare le projet ete ensemble', rule)).toEqual([
      { rule: 'forbidden-term', level: 'warning', params: { term: 'Projet Eté', match: 'projet ete', count: 1 } },
    ]);
    expect(checkCharter('PROJET\n  ÉTÉ et Projet Été', rule)[0]?.params).toEqual({
      term: 'Projet Eté',
      match: 'PROJET\n  ÉTÉ',
      count: 2,
    });
    expect(checkCharter('le projet e\u0301te\u0301 !', rule)[0]?.params.match).toBe('projet e\u0301te\u0301');
    expect(checkCharter('projet étéen', rule)).toEqual([]);
  });
  it('reports each term found once, with the level the admin set', () => {
    const rule = charter({ forbiddenTerms: ['Titan', 'Orion', 'Vega'], forbiddenTermsLevel: 'warning' });
    const findings = checkCharter('Titan et Orion, puis titan.', rule);
    expect(findings.map((f) => [f.params.term, f.params.count, f.level])).toEqual([
      ['Titan', 2, 'warning'],
      ['Orion', 1, 'warning'],
    ]);
  });
});

describe('checkCharter: required hashtags and mentions', () => {
  const rule = charter({
    requiredHashtags: ['#Relais', 'Lancement'],
    requiredMentions: ['@relais_app'],
    requiredLevel: 'warning',
  });

  it('is satisfied when each is present, case ignored', () => {
    expect(checkCharter('Avec @Relais_App : #relais #LANCEMENT', rule)).toEqual([]);
  });
  it('names each missing one', () => {
    expect(checkCharter('Rien de tout ça #Relais', rule)).toEqual([
      { rule: 'required-hashtag', level: 'warning', params: { hashtag: '#Lancement' } },
      { rule: 'required-mention', level: 'warning', params: { mention: '@relais_app' } },
    ]);
  });
  it('does not take a word, an e-mail or a link for a hashtag or a mention', () => {
    expect(checkCharter('relais lancement relais_app@example.com example.com/#Relais', rule)).toHaveLength(3);
  });
  it('finds a bare handle on any instance, a full handle only on its own', () => {
    const bare = charter({ requiredMentions: ['relais'] });
    const full = charter({ requiredMentions: ['@relais@mastodon.social'] });
    expect(checkCharter('Merci @relais@mastodon.social', bare)).toEqual([]);
    expect(checkCharter('Merci @relais@mastodon.social', full)).toEqual([]);
    expect(checkCharter('Merci @relais@piaille.fr', full)).toHaveLength(1);
  });
  it('looks for a name that is no handle as written after an @', () => {
    const linkedin = charter({ requiredMentions: ['Relais Conseil'] });
    expect(checkCharter('Merci @Relais Conseil !', linkedin)).toEqual([]);
    expect(checkCharter('Merci @Relais', linkedin)).toHaveLength(1);
  });
  it('takes the level from the settings', () => {
    const blocking = charter({ requiredHashtags: ['relais'], requiredLevel: 'blocker' });
    expect(checkCharter('sans', blocking)[0]?.level).toBe('blocker');
  });
});

describe('checkCharter: maximum hashtags', () => {
  it('counts different hashtags against the maximum', () => {
    const rule = charter({ maxHashtags: 2, maxHashtagsLevel: 'warning' });
    expect(checkCharter('#a1 #b2 #A1 #a1', rule)).toEqual([]);
    expect(checkCharter('#a1 #b2 #c3', rule)).toEqual([
      { rule: 'max-hashtags', level: 'warning', params: { count: 3, max: 2 } },
    ]);
  });
  it('forbids any hashtag at 0, and nothing when unset', () => {
    expect(checkCharter('#un', charter({ maxHashtags: 0, maxHashtagsLevel: 'blocker' }))[0]?.level).toBe('blocker');
    expect(checkCharter('#a1 #b2 #c3', charter({ maxHashtags: null }))).toEqual([]);
  });
});

describe('checkDraft', () => {
  it('measures only the chosen networks, once each', () => {
    const result = checkDraft({ text: 'Bonjour', networks: ['x', 'mastodon', 'x'] }, settings({}, 1000));
    expect(result.perNetwork).toEqual([
      { network: 'x', length: 7, limit: 280, over: 0 },
      { network: 'mastodon', length: 7, limit: 1000, over: 0 },
    ]);
    expect(result).toMatchObject({ findings: [], blocked: false });
  });
  it('blocks a network the text is too long for, and says by how much', () => {
    const result = checkDraft({ text: 'a'.repeat(300), networks: ['linkedin', 'x'] }, settings());
    expect(result.blocked).toBe(true);
    expect(result.findings).toEqual([
      { rule: 'length', level: 'blocker', network: 'x', params: { length: 300, limit: 280, over: 20 } },
    ]);
  });
  it('uses the workspace Mastodon limit', () => {
    const text = 'a'.repeat(800);
    expect(checkDraft({ text, networks: ['mastodon'] }, settings({}, 500)).blocked).toBe(true);
    expect(checkDraft({ text, networks: ['mastodon'] }, settings({}, 1000)).blocked).toBe(false);
  });
  it('blocks more hashtags than a network takes', () => {
    const result = checkDraft({ text: '#Relais #Lancement', networks: ['threads', 'instagram'] }, settings());
    expect(result.findings).toEqual([
      { rule: 'hashtag-limit', level: 'blocker', network: 'threads', params: { count: 2, limit: 1, over: 1 } },
    ]);
    expect(result.blocked).toBe(true);
  });
  it('is not blocked by warnings alone', () => {
    const result = checkDraft(
      { text: 'Le projet Titan arrive', networks: ['linkedin'] },
      settings({ forbiddenTerms: ['titan'], forbiddenTermsLevel: 'warning', requiredHashtags: ['relais'] }),
    );
    expect(result.findings.map((f) => f.rule)).toEqual(['forbidden-term', 'required-hashtag']);
    expect(result.findings.every((f) => f.level === 'warning')).toBe(true);
    expect(result.blocked).toBe(false);
  });
  it('lists blockers first, then by rule', () => {
    const result = checkDraft(
      { text: `Titan ${'x'.repeat(300)} #a1 #b2 #c3`, networks: ['bluesky', 'threads', 'x'] },
      settings({
        forbiddenTerms: ['Titan'],
        forbiddenTermsLevel: 'warning',
        requiredHashtags: ['relais'],
        requiredLevel: 'blocker',
        maxHashtags: 2,
        maxHashtagsLevel: 'warning',
      }),
    );
    expect(result.findings.map((f) => [f.level, f.rule, f.network ?? '-'])).toEqual([
      ['blocker', 'length', 'bluesky'],
      ['blocker', 'length', 'x'],
      ['blocker', 'hashtag-limit', 'threads'],
      ['blocker', 'required-hashtag', '-'],
      ['warning', 'forbidden-term', '-'],
      ['warning', 'max-hashtags', '-'],
    ]);
    expect(result.blocked).toBe(true);
  });
});
