/**
 * Counting and finding things in post text the way the networks do, closely enough to warn an
 * author before a network refuses or cuts a post. Pure functions; offsets are UTF-16 indices.
 */

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const WINDOW = 256;

/**
 * The text's graphemes, in order. V8's segmenter slows down with the square of the input's
 * length (a 63,206-character Facebook post takes seconds), so it runs on windows of a few
 * hundred code units: every segment but a window's last ends at a true boundary, and the last
 * one is segmented again at the start of the next window.
 */
function* graphemesOf(text: string): Generator<string> {
  let at = 0;
  let size = WINDOW;
  while (at < text.length) {
    let end = Math.min(text.length, at + size);
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end--;
    const segments = Array.from(segmenter.segment(text.slice(at, end)), (s) => s.segment);
    if (end < text.length && segments.length < 2) {
      size *= 2; // one grapheme longer than the window: look further
      continue;
    }
    const done = end === text.length ? segments : segments.slice(0, -1);
    for (const segment of done) {
      yield segment;
      at += segment.length;
    }
    size = WINDOW;
  }
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/** What a reader sees as one character: 👨‍👩‍👧‍👦, 🇫🇷, 👍🏽 and e + U+0301 are one each. */
export function countGraphemes(text: string): number {
  let count = 0;
  for (const _ of graphemesOf(text)) count++;
  return count;
}

/** The text's graphemes, in order. */
export function splitGraphemes(text: string): string[] {
  return [...graphemesOf(text)];
}

export interface TextSpan {
  start: number;
  end: number;
}

export interface UrlMatch extends TextSpan {
  url: string;
}

/**
 * Top-level domains recognised without `http(s)://`. X links any known TLD; this list keeps the
 * common ones, so `file.ts` or `v1.2` are not taken for links.
 */
const BARE_TLDS = [
  'com',
  'org',
  'net',
  'edu',
  'gov',
  'int',
  'info',
  'biz',
  'io',
  'co',
  'ai',
  'app',
  'dev',
  'me',
  'tv',
  'ly',
  'gg',
  'fr',
  'be',
  'ch',
  'ca',
  'de',
  'es',
  'it',
  'uk',
  'eu',
  'us',
  'nl',
  'lu',
  'pt',
  'ie',
  'at',
  'se',
  'no',
  'dk',
  'fi',
  'pl',
  'jp',
  'cn',
  'in',
  'br',
  'mx',
  'au',
  'nz',
  'ma',
  'sn',
  'ci',
  'tn',
  'dz',
  'qc',
  'social',
  'news',
  'blog',
  'online',
  'site',
  'tech',
  'store',
  'shop',
  'cloud',
  'page',
  'link',
  'xyz',
  'media',
  'paris',
];

const LABEL = '[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]*[\\p{L}\\p{N}])?';
/** Characters that cannot come right before a link: it would be part of a word, an e-mail or a mention. */
const NOT_BEFORE_URL = '(?<![\\p{L}\\p{N}_@#$./-])';
const SCHEME_URL = `${NOT_BEFORE_URL}https?:\\/\\/[^\\s/?#<>"]+[^\\s<>"]*`;
const BARE_URL = `${NOT_BEFORE_URL}(?:${LABEL}\\.)+(?:${BARE_TLDS.join('|')})(?![\\p{L}\\p{N}_-])(?::\\d{1,5})?(?:[/?#][^\\s<>"]*)?`;

const WITH_SCHEME = new RegExp(SCHEME_URL, 'giu');
const WITH_OR_WITHOUT_SCHEME = new RegExp(`${SCHEME_URL}|${BARE_URL}`, 'giu');

const TRAILING_PUNCTUATION = new Set(['.', ',', ';', ':', '!', '?', "'", '"', '…', '»']);
const CLOSERS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

/** `https://x.fr/a_(b))` → `https://x.fr/a_(b)`: trailing punctuation and unbalanced closers are the sentence's. */
function trimTrailing(url: string): string {
  let end = url.length;
  while (end > 0) {
    const last = url[end - 1] ?? '';
    const opener = CLOSERS[last];
    if (TRAILING_PUNCTUATION.has(last)) {
      end--;
    } else if (opener !== undefined && count(url.slice(0, end), opener) < count(url.slice(0, end), last)) {
      end--;
    } else {
      break;
    }
  }
  return url.slice(0, end);
}

const count = (text: string, char: string) => text.split(char).length - 1;

/**
 * Links in `text`. A link is `http://` or `https://` followed by a host, or — unless
 * `requireScheme` (Mastodon links only those) — a bare domain ending in a common TLD
 * (`example.com/path`, `www.lemonde.fr`), with an optional port, path, query and fragment.
 * Not a link: a domain glued to a word, an e-mail address or a mention (`bob@example.com`,
 * `@alice@mastodon.social`). Trailing `.,;:!?'"…»` and unbalanced `)]}` belong to the sentence.
 */
export function findUrls(text: string, options: { requireScheme?: boolean } = {}): UrlMatch[] {
  const pattern = options.requireScheme ? WITH_SCHEME : WITH_OR_WITHOUT_SCHEME;
  const out: UrlMatch[] = [];
  for (const m of text.matchAll(pattern)) {
    const url = trimTrailing(m[0]);
    if (!url.includes('.') && !/^https?:\/\/[^/?#]/i.test(url)) continue;
    out.push({ url, start: m.index, end: m.index + url.length });
  }
  return out;
}

const inside = (spans: readonly TextSpan[], index: number) => spans.some((s) => index >= s.start && index < s.end);

/**
 * Hashtags, without their `#`, in order (repeats kept). A hashtag is `#` then letters, combining
 * marks, digits or `_`, with at least one letter (`#123` is not one), not glued to a word
 * (`a#b`, `&#39;`) and not inside a link (`example.com/page#part`).
 */
export function findHashtags(text: string): string[] {
  const urls = findUrls(text);
  const out: string[] = [];
  for (const m of text.matchAll(/(?<![\p{L}\p{M}\p{N}_&#])[#＃]([\p{L}\p{M}\p{N}_]+)/gu)) {
    const tag = m[1] ?? '';
    if (!/\p{L}/u.test(tag) || inside(urls, m.index)) continue;
    out.push(tag);
  }
  return out;
}

/** How many different hashtags, ignoring case: `#Paris #paris #Lyon` is 2. */
export function countDistinctHashtags(text: string): number {
  return new Set(findHashtags(text).map((tag) => tag.toLowerCase())).size;
}

export interface MentionMatch extends TextSpan {
  /** `alice` or `alice@mastodon.social` or `alice.bsky.social`, without the leading `@`. */
  handle: string;
  /** The part before any `@instance`: what Mastodon counts. */
  user: string;
}

const MENTION_NAME = '[A-Za-z0-9_]+(?:[.-][A-Za-z0-9_]+)*';
const ASCII_LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?';
const MENTION = new RegExp(
  `(?<![\\p{L}\\p{N}_@＠.!#$%&*])[@＠](${MENTION_NAME})(?:@(${ASCII_LABEL}(?:\\.${ASCII_LABEL})+))?(?![\\p{L}\\p{N}_@])`,
  'gu',
);

/**
 * Mentions with their place: `@name` (ASCII letters, digits, `_`; dots and hyphens inside, for
 * Bluesky handles like `@alice.bsky.social`), optionally followed by `@instance.domain`
 * (Mastodon). Not a mention: an e-mail address (`bob@example.com`) or an `@` inside a link.
 */
export function findMentionSpans(text: string): MentionMatch[] {
  const urls = findUrls(text);
  const out: MentionMatch[] = [];
  for (const m of text.matchAll(MENTION)) {
    if (inside(urls, m.index)) continue;
    const user = m[1] ?? '';
    const handle = m[2] ? `${user}@${m[2]}` : user;
    out.push({ handle, user, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** Mentions, without their `@`, in order: `['alice', 'bob@mastodon.social']`. */
export function findMentions(text: string): string[] {
  return findMentionSpans(text).map((m) => m.handle);
}
