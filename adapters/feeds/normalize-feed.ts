import { createHash } from 'node:crypto';
import { canonicalUrl, unwrapAlertRedirect } from '../../src/domain/canonical-url.ts';
import type { FeedItem, ParsedFeed } from '../../src/domain/feed-item.ts';
import { feedText, htmlToText, plainText, shortText } from './html-text.ts';
import type { RawFeed, RawItem, RawText } from './raw-feed.ts';

/**
 * RawFeed → ParsedFeed: plain short text, absolute http(s) links, alert redirects unwrapped, an id
 * for every item.
 *
 * A relative link is resolved against the xml:base in scope where it was read; without one,
 * against the feed's own link (the site), itself resolved against the feed's self link and the
 * URL the feed was fetched from — which is how publishers who write relative links mean them.
 */

const MAX_SUMMARY = 300;
const MAX_TITLE = 300;
const MAX_AUTHOR = 100;
const MAX_URL = 4096;
const MAX_ID = 1024;
const TAG = /<[a-z!/?]/i;
const FIRST_READ = 2048;
/** Control characters a feed's id may carry (a raw NUL cannot even be stored in a PostgreSQL text). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

export function normalizeFeed(raw: RawFeed, feedUrl: string): ParsedFeed {
  const self = resolve(raw.selfLink, raw.selfLinkBase ?? feedUrl) ?? feedUrl;
  const site = resolve(raw.link, raw.linkBase ?? self);
  const base = site ?? self;
  const feedAuthor = raw.format === 'atom' || raw.format === 'json' ? raw.author : null;
  return {
    title: textOf(raw.title, MAX_TITLE),
    link: site && isHttp(site) ? site : null,
    items: raw.items.map((item) => normalizeItem(item, base, feedAuthor)),
  };
}

function normalizeItem(raw: RawItem, base: string, feedAuthor: string | null): FeedItem {
  const summary = textOf(raw.summary, MAX_SUMMARY);
  const title = textOf(raw.title, MAX_TITLE) || shortText(summary, 100);
  const url = itemUrl(raw, base);
  const author = authorName(raw.author ?? feedAuthor);
  const guid = raw.guid?.replace(CONTROL, '').trim().slice(0, MAX_ID) || null;
  const id = guid ?? (url && canonicalUrl(url)) ?? hashId(title, raw.publishedAt, summary);
  return { id, title, url, publishedAt: raw.publishedAt, summary, author };
}

/**
 * Clean text of at most `max` characters. Only the beginning of a long field is decoded and
 * parsed: 2 KB as written, then 8 times more while that gave too little text (a page of inline CSS).
 */
function textOf(raw: RawText | null, max: number): string {
  if (!raw) return '';
  for (let budget = FIRST_READ; ; budget *= 8) {
    const source = raw.read(budget);
    // Text said to be plain is still read as HTML when it holds tags: no markup survives.
    const text = raw.html || TAG.test(source) ? htmlToText(source, max) : plainText(source);
    if (text.length > max || budget >= raw.length) return shortText(text, max);
  }
}

function itemUrl(raw: RawItem, base: string): string | null {
  if (raw.link === null) return null;
  const resolved = resolve(raw.link, raw.linkBase ?? base);
  if (!resolved || !isHttp(resolved)) return null;
  const unwrapped = unwrapAlertRedirect(resolved);
  return unwrapped.length <= MAX_URL ? unwrapped : null;
}

/** `jane@example.com (Jane Doe)` and `Jane Doe <jane@example.com>` → `Jane Doe`. */
function authorName(raw: string | null): string | null {
  if (!raw) return null;
  let name = feedText(raw, MAX_AUTHOR);
  name = name
    .replace(/^\S+@\S+\s*\((.+)\)$/, '$1')
    .replace(/^(.+?)\s*<[^<>\s]+@[^<>\s]+>$/, '$1')
    .trim();
  return name || null;
}

function hashId(title: string, publishedAt: Date | null, summary: string): string {
  const digest = createHash('sha256')
    .update(`${title}\n${publishedAt?.toISOString() ?? ''}\n${summary}`)
    .digest('hex');
  return `sha256:${digest.slice(0, 32)}`;
}

function resolve(link: string | null, base: string): string | null {
  if (!link) return null;
  try {
    return new URL(link, base).href;
  } catch {
    return null;
  }
}

function isHttp(url: string): boolean {
  return url.startsWith('https://') || url.startsWith('http://');
}
