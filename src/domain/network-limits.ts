import type { Network } from './networks.ts';
import {
  countDistinctHashtags,
  countGraphemes,
  findMentionSpans,
  findUrls,
  splitGraphemes,
  type TextSpan,
} from './text-count.ts';

/**
 * How each network measures a post.
 * - `graphemes`: what a reader sees as one character counts 1 (👨‍👩‍👧‍👦, 🇫🇷, é all count 1).
 * - `weighted`: X's twitter-text v3 weighting, see {@link weightForX}.
 * Where `urlWeight` is set, every link counts that much whatever its length; otherwise links
 * count as written.
 */
export interface NetworkRule {
  /** The most a post may measure; Mastodon's is the instance's, this is the usual default. */
  limit: number;
  urlWeight: number | null;
  unit: 'graphemes' | 'weighted';
  /** The most different hashtags a post may carry, or null when the network sets none. */
  hashtagLimit: number | null;
  /** Mastodon shortens only links that start with `http(s)://`; bare domains count as written. */
  urlNeedsScheme: boolean;
  /** Mastodon counts `@alice@mastodon.social` as `@alice`. */
  mentionCountsUserOnly: boolean;
}

const DEFAULT_MASTODON_LIMIT = 500;
/** What one link counts on X and Mastodon (a t.co link's length). */
const SHORT_URL_LENGTH = 23;

const graphemeRule = (limit: number, hashtagLimit: number | null = null): NetworkRule => ({
  limit,
  urlWeight: null,
  unit: 'graphemes',
  hashtagLimit,
  urlNeedsScheme: false,
  mentionCountsUserOnly: false,
});

export const NETWORK_RULES: Record<Network, NetworkRule> = {
  x: { ...graphemeRule(280), unit: 'weighted', urlWeight: SHORT_URL_LENGTH },
  bluesky: graphemeRule(300),
  mastodon: {
    ...graphemeRule(DEFAULT_MASTODON_LIMIT),
    urlWeight: SHORT_URL_LENGTH,
    urlNeedsScheme: true,
    mentionCountsUserOnly: true,
  },
  // Threads makes one hashtag a topic per post: a second one is over.
  threads: graphemeRule(500, 1),
  // The pin description.
  pinterest: graphemeRule(500),
  instagram: graphemeRule(2_200, 30),
  linkedin: graphemeRule(3_000),
  facebook: graphemeRule(63_206),
};

/** Code point ranges that weigh 1 on X (twitter-text v3 config); every other code point weighs 2. */
const X_LIGHT_RANGES: readonly (readonly [number, number])[] = [
  [0x0000, 0x10ff],
  [0x2000, 0x200d],
  [0x2010, 0x201f],
  [0x2032, 0x2037],
];
const X_EMOJI_WEIGHT = 2;
const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20E3/u;

function codePointWeight(codePoint: number): number {
  return X_LIGHT_RANGES.some(([from, to]) => codePoint >= from && codePoint <= to) ? 1 : 2;
}

/**
 * X's weight of text, links aside (measureForNetwork counts each link 23 before weighing): the
 * text is NFC-normalised (e + U+0301 becomes é, weight 1); an emoji — a whole sequence: ZWJ
 * family, flag, skin tone, keycap; also a bare © or ®, as twemoji sees them — weighs 2; any other
 * character weighs 1 if its code point is in U+0000–U+10FF (Latin, Greek, Cyrillic, Arabic,
 * Hebrew, Devanagari…), U+2000–U+200D, U+2010–U+201F or U+2032–U+2037, and 2 otherwise (CJK,
 * Hangul, …). A combining mark that does not compose away is weighed on its own.
 */
export function weightForX(text: string): number {
  let weight = 0;
  for (const grapheme of splitGraphemes(text.normalize('NFC'))) {
    if (EMOJI.test(grapheme)) {
      weight += X_EMOJI_WEIGHT;
      continue;
    }
    for (const char of grapheme) weight += codePointWeight(char.codePointAt(0) ?? 0);
  }
  return weight;
}

interface Replacement extends TextSpan {
  by: string;
}

/**
 * The text as the network counts it, as Mastodon's own validator builds it: each link becomes
 * `urlWeight` placeholder characters and, on Mastodon, `@alice@instance` becomes `@alice`.
 * A mention inside a link stays part of the link.
 */
function countableText(text: string, rule: NetworkRule): string {
  const replacements: Replacement[] = [];
  const urlWeight = rule.urlWeight;
  if (urlWeight !== null) {
    for (const url of findUrls(text, { requireScheme: rule.urlNeedsScheme }))
      replacements.push({ ...url, by: 'x'.repeat(urlWeight) });
  }
  if (rule.mentionCountsUserOnly) {
    for (const mention of findMentionSpans(text)) replacements.push({ ...mention, by: `@${mention.user}` });
  }
  replacements.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const r of replacements) {
    if (r.start < at) continue;
    out += text.slice(at, r.start) + r.by;
    at = r.end;
  }
  return out + text.slice(at);
}

function measureLength(text: string, rule: NetworkRule): number {
  if (rule.unit === 'weighted') return weightForX(countableText(text.normalize('NFC'), rule));
  return countGraphemes(countableText(text, rule));
}

/** `length` in the network's unit, its `limit`, and how much it is `over` (0 when it fits). */
export function measureForNetwork(
  text: string,
  network: Network,
  opts: { mastodonLimit?: number } = {},
): { length: number; limit: number; over: number } {
  const rule = NETWORK_RULES[network];
  const limit = network === 'mastodon' ? (opts.mastodonLimit ?? DEFAULT_MASTODON_LIMIT) : rule.limit;
  const length = measureLength(text, rule);
  return { length, limit, over: Math.max(0, length - limit) };
}

/** Different hashtags (case ignored) against the network's cap; `limit` null means no cap. */
export function measureHashtags(text: string, network: Network): { count: number; limit: number | null; over: number } {
  const limit = NETWORK_RULES[network].hashtagLimit;
  const count = countDistinctHashtags(text);
  return { count, limit, over: limit === null ? 0 : Math.max(0, count - limit) };
}
