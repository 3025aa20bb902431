import { describe, expect, it } from 'vitest';
import {
  countDistinctHashtags,
  countGraphemes,
  findHashtags,
  findMentionSpans,
  findMentions,
  findUrls,
} from '../../../src/domain/text-count.ts';

describe('countGraphemes', () => {
  it('counts what a reader sees as one character', () => {
    expect(countGraphemes('👨‍👩‍👧‍👦')).toBe(1);
    expect(countGraphemes('🇫🇷')).toBe(1);
    expect(countGraphemes('👍🏽')).toBe(1);
    expect(countGraphemes('e\u0301')).toBe(1);
    expect(countGraphemes('Bonjour 👋🏽 🇫🇷 !')).toBe(13);
  });
  it('counts Devanagari clusters and CJK ideographs', () => {
    // न म स्ते: the conjunct स्ते is one cluster since Unicode 15.1 (ICU 74, every Node 20.11+).
    expect(countGraphemes('नमस्ते')).toBe(3);
    expect(countGraphemes('日本語のテキスト')).toBe(8);
  });
  it('counts nothing in empty text', () => {
    expect(countGraphemes('')).toBe(0);
  });
});

describe('findUrls', () => {
  it('finds links with a scheme, and leaves the sentence punctuation out', () => {
    const text = 'Lire https://relais.example.com/blog/lancement?utm=x. Merci!';
    expect(findUrls(text)).toEqual([{ url: 'https://relais.example.com/blog/lancement?utm=x', start: 5, end: 52 }]);
    expect(findUrls('(voir https://example.com/a)').map((u) => u.url)).toEqual(['https://example.com/a']);
    expect(findUrls('Fin: http://example.org/x?!').map((u) => u.url)).toEqual(['http://example.org/x']);
  });
  it('keeps balanced parentheses, as in Wikipedia links', () => {
    expect(findUrls('https://fr.wikipedia.org/wiki/Relais_(poste), voilà').map((u) => u.url)).toEqual([
      'https://fr.wikipedia.org/wiki/Relais_(poste)',
    ]);
  });
  it('finds bare domains with a common TLD, with or without a path', () => {
    const text = 'Sur example.com/path, www.lemonde.fr et relais.io.';
    expect(findUrls(text).map((u) => u.url)).toEqual(['example.com/path', 'www.lemonde.fr', 'relais.io']);
  });
  it('does not take e-mails, mentions, file names or version numbers for links', () => {
    expect(findUrls('bob@example.com @alice@mastodon.social index.ts v1.2 fin.Voici')).toEqual([]);
  });
  it('needs a scheme when asked (Mastodon links only those)', () => {
    expect(findUrls('example.com et https://example.org', { requireScheme: true }).map((u) => u.url)).toEqual([
      'https://example.org',
    ]);
  });
});

describe('findHashtags', () => {
  it('finds hashtags in any script, without their #', () => {
    expect(findHashtags('Bravo #Équipe et #日本 #tag_2 ! #relais')).toEqual(['Équipe', '日本', 'tag_2', 'relais']);
  });
  it('skips numbers, anchors inside links and # glued to a word', () => {
    expect(findHashtags('Ticket #123, voir example.com/page#section et C#dev')).toEqual([]);
  });
  it('counts different hashtags, case ignored', () => {
    expect(countDistinctHashtags('#Paris #paris #Lyon')).toBe(2);
  });
});

describe('findMentions', () => {
  it('finds plain, Mastodon and Bluesky handles', () => {
    expect(findMentions('Merci @relais, @alice@mastodon.social et @bob.bsky.social.')).toEqual([
      'relais',
      'alice@mastodon.social',
      'bob.bsky.social',
    ]);
  });
  it('does not take e-mails or @ inside links', () => {
    expect(findMentions('bob@example.com https://mastodon.social/@alice')).toEqual([]);
  });
  it('tells the user part from the instance', () => {
    expect(findMentionSpans('hi @alice@mastodon.social')).toEqual([
      { handle: 'alice@mastodon.social', user: 'alice', start: 3, end: 25 },
    ]);
  });
});
