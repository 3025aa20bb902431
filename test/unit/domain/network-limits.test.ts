import { describe, expect, it } from 'vitest';
import { measureForNetwork, measureHashtags, NETWORK_RULES, weightForX } from '../../../src/domain/network-limits.ts';
import { NETWORKS } from '../../../src/domain/networks.ts';

const family = '👨‍👩‍👧‍👦';
const longUrl = 'https://relais.example.com/blog/2025/lancement-du-produit-x1'; // 60 characters

describe('X', () => {
  it('allows 280 ASCII characters and is one over at 281', () => {
    expect(measureForNetwork('a'.repeat(280), 'x')).toEqual({ length: 280, limit: 280, over: 0 });
    expect(measureForNetwork('a'.repeat(281), 'x')).toEqual({ length: 281, limit: 280, over: 1 });
  });
  it('counts any link as 23, whatever its length', () => {
    expect(longUrl).toHaveLength(60);
    expect(measureForNetwork(`Nouveau : ${longUrl}`, 'x').length).toBe(10 + 23);
    expect(measureForNetwork('Sur example.com/a', 'x').length).toBe(4 + 23);
    // So a 257-character text plus a long link still fits.
    expect(measureForNetwork(`${'a'.repeat(256)} ${longUrl}`, 'x').over).toBe(0);
  });
  it('counts CJK characters twice: 140 reach the limit, 141 are over', () => {
    expect(measureForNetwork('字'.repeat(140), 'x')).toEqual({ length: 280, limit: 280, over: 0 });
    expect(measureForNetwork('字'.repeat(141), 'x').over).toBe(2);
  });
  it('counts an emoji, even a family, a flag or a skin tone, as 2', () => {
    expect(weightForX('👍')).toBe(2);
    expect(weightForX(family)).toBe(2);
    expect(weightForX('🇫🇷')).toBe(2);
    expect(weightForX('👍🏽')).toBe(2);
    expect(weightForX('Bravo 🎉')).toBe(8);
    expect(measureForNetwork('🎉'.repeat(141), 'x').over).toBe(2);
  });
  it('counts accented Latin letters, typographic quotes and dashes as 1', () => {
    expect(weightForX('Été “déjà” – ok')).toBe(15);
    expect(weightForX('e\u0301')).toBe(1);
  });
});

describe('Bluesky', () => {
  it('counts graphemes: 300 family emoji fit, 301 are over', () => {
    expect(measureForNetwork(family.repeat(300), 'bluesky')).toEqual({ length: 300, limit: 300, over: 0 });
    expect(measureForNetwork(family.repeat(301), 'bluesky')).toEqual({ length: 301, limit: 300, over: 1 });
  });
  it('counts links as written', () => {
    expect(measureForNetwork(longUrl, 'bluesky').length).toBe(60);
  });
});

describe('Mastodon', () => {
  it('uses 500 by default and the workspace limit when given', () => {
    const text = 'a'.repeat(600);
    expect(measureForNetwork(text, 'mastodon')).toEqual({ length: 600, limit: 500, over: 100 });
    expect(measureForNetwork(text, 'mastodon', { mastodonLimit: 500 }).over).toBe(100);
    expect(measureForNetwork(text, 'mastodon', { mastodonLimit: 1000 })).toEqual({ length: 600, limit: 1000, over: 0 });
  });
  it('counts @alice@mastodon.social as @alice', () => {
    expect(measureForNetwork('Merci @alice@mastodon.social !', 'mastodon').length).toBe('Merci @alice !'.length);
  });
  it('counts a link with a scheme as 23, a bare domain as written', () => {
    expect(measureForNetwork(longUrl, 'mastodon').length).toBe(23);
    expect(measureForNetwork('example.com/a', 'mastodon').length).toBe(13);
  });
  it('counts graphemes otherwise', () => {
    expect(measureForNetwork(`${family}🇫🇷`, 'mastodon').length).toBe(2);
  });
});

describe('other networks', () => {
  it('have their limits, counted in graphemes with links as written', () => {
    const limits = { threads: 500, pinterest: 500, instagram: 2_200, linkedin: 3_000, facebook: 63_206 } as const;
    for (const [network, limit] of Object.entries(limits) as [keyof typeof limits, number][]) {
      expect(measureForNetwork('é'.repeat(limit), network)).toEqual({ length: limit, limit, over: 0 });
      expect(measureForNetwork(family.repeat(limit + 1), network).over).toBe(1);
      expect(measureForNetwork(longUrl, network).length).toBe(60);
    }
  });
  it('has a rule for every network', () => {
    expect(Object.keys(NETWORK_RULES).sort()).toEqual([...NETWORKS].sort());
  });
});

describe('hashtag caps', () => {
  const tags = (n: number) =>
    Array.from({ length: n }, (_, i) => `#tag${String.fromCharCode(97 + (i % 26))}${i}`).join(' ');
  it('allows 30 hashtags on Instagram, not 31', () => {
    expect(measureHashtags(tags(30), 'instagram')).toEqual({ count: 30, limit: 30, over: 0 });
    expect(measureHashtags(tags(31), 'instagram')).toEqual({ count: 31, limit: 30, over: 1 });
  });
  it('allows one topic on Threads; the same tag twice is still one', () => {
    expect(measureHashtags('#Relais et #relais', 'threads').over).toBe(0);
    expect(measureHashtags('#Relais #Lancement', 'threads')).toEqual({ count: 2, limit: 1, over: 1 });
  });
  it('has no cap elsewhere', () => {
    expect(NETWORK_RULES.linkedin.hashtagLimit).toBeNull();
    expect(measureHashtags(tags(40), 'linkedin')).toEqual({ count: 40, limit: null, over: 0 });
  });
});
