import { canonicalUrl, unwrapAlertRedirect } from './canonical-url.ts';
import { foldedKeywords, type KeywordCache, matchKeywords } from './digest-keywords.ts';
import type { FeedItem } from './feed-item.ts';
import { foldText } from './fold-text.ts';
import { similarPairs } from './similar-pairs.ts';
import { titleWords } from './title-similarity.ts';

/**
 * The morning digest from the items the sources delivered: filtered by date and keywords,
 * the same story seen through several sources kept once, ranked, cut to the best few and
 * grouped by keyword. Pure: the caller gives the instant (`now`).
 *
 * Score of an item (documented here, tested in test/unit/digest.test.ts):
 *
 *   score = relevance + recency + sources
 *   relevance = Σ over the source's keywords of (2 if in the title) + (1 if in the summary),
 *               at most 6 — whole words, case and accents ignored ("ia" finds "IA", not "via")
 *   recency   = 3 · 2^(−age / 12 h), age from the publication date, or from when Relais first
 *               saw the item when the date is unknown (or more than an hour in the future)
 *   sources   = 0.5 per distinct other source that carried the same story, at most 2
 *
 * So a keyword in the title is worth about eight hours of freshness, and a story reported by
 * four other sources one title hit.
 *
 * A source with keywords is a filter: its items that match none of them are left out. A
 * source without keywords contributes everything, in the keyword-less group.
 *
 * One story, one entry: items are joined (transitively) when their links are one page once
 * alert redirects are unwrapped and the URL canonicalised (scheme and a leading "www." aside),
 * or when their headlines are near-identical (STORY_RULE in title-similarity.ts, found with a
 * similarity join rather than by comparing every pair). The best-scored item is shown; the
 * entry's score is its score plus the sources bonus.
 */

export interface DigestCandidate {
  item: FeedItem;
  sourceId: string;
  sourceTitle: string;
  /** The source's keywords; empty when it has none. */
  keywords: string[];
  /** When Relais first saw the item. */
  seenAt: Date;
}

export interface DigestEntry {
  title: string;
  url: string | null;
  summary: string;
  publishedAt: Date | null;
  /** The title of the source of the item shown. */
  source: string;
  /** How many other sources carried the same story ("+N sources"). */
  otherSources: number;
  /** The keyword the story matched best, as its source wrote it; null when its source has none. */
  keyword: string | null;
  score: number;
  /** The items this entry stands for, the one shown first. */
  itemIds: string[];
}

export interface Digest {
  groups: { keyword: string | null; entries: DigestEntry[] }[];
  /** How many distinct stories were eligible, before the limit. */
  total: number;
}

export interface DigestOptions {
  now: Date;
  /** Items older than this (the previous digest) are left out; null for no bound. */
  since: Date | null;
  /** How many entries at most. Default 10. */
  limit?: number;
}

const DEFAULT_DIGEST_LIMIT = 10;
const SCORE = {
  recencyMax: 3,
  halfLifeHours: 12,
  perOtherSource: 0.5,
  maxSourceBonus: 2,
  /** A date further in the future than this is not believed. */
  futureSlackMs: 60 * 60 * 1000,
} as const;

const HOUR_MS = 60 * 60 * 1000;

/** One eligible item, with what ranking and dedupe need computed once. */
interface Scored {
  c: DigestCandidate;
  /** The title folded (see foldText), kept for the headline comparison. */
  title: string;
  relevance: number;
  base: number;
  keyword: string | null;
  urlKey: string | null;
  url: string | null;
}

export function buildDigest(candidates: readonly DigestCandidate[], opts: DigestOptions): Digest {
  const now = opts.now.getTime();
  const since = opts.since?.getTime() ?? Number.NEGATIVE_INFINITY;
  const limit = Number.isFinite(opts.limit) ? Math.max(0, Math.floor(opts.limit!)) : DEFAULT_DIGEST_LIMIT;
  const keywordCache: KeywordCache = new Map();

  const eligible: Scored[] = [];
  for (const c of candidates) {
    const at = effectiveTime(c, now);
    if (!(at > since)) continue;
    const keywords = foldedKeywords(c, keywordCache);
    const title = foldText(c.item.title);
    const match = matchKeywords(title, c.item.summary, keywords);
    if (keywords.length > 0 && match.keyword === null) continue;
    const ageHours = Math.max(0, now - at) / HOUR_MS;
    const recency = SCORE.recencyMax * 2 ** (-ageHours / SCORE.halfLifeHours);
    const url = c.item.url ? (canonicalUrl(c.item.url) ?? unwrapAlertRedirect(c.item.url)) : null;
    eligible.push({
      c,
      title,
      relevance: match.relevance,
      base: match.relevance + recency,
      keyword: match.keyword,
      url,
      urlKey: url ? urlKey(url) : null,
    });
  }

  const stories = groupStories(eligible).map(rateStory);
  const top = bestOf(stories, limit, byRank).map(toEntry);

  const groups = new Map<string, { keyword: string | null; entries: DigestEntry[] }>();
  for (const entry of top) {
    const key = entry.keyword === null ? '' : `k:${foldText(entry.keyword)}`;
    let group = groups.get(key);
    if (!group) {
      group = { keyword: entry.keyword, entries: [] };
      groups.set(key, group);
    }
    group.entries.push(entry);
  }
  return { groups: [...groups.values()], total: stories.length };
}

/** The publication date when believable, else when the item was first seen. */
function effectiveTime(c: DigestCandidate, now: number): number {
  const published = c.item.publishedAt?.getTime();
  if (published !== undefined && Number.isFinite(published) && published <= now + SCORE.futureSlackMs) return published;
  return c.seenAt.getTime();
}

/** The same page whatever the scheme or a leading "www.": http://www.x.fr/a and https://x.fr/a are one story. */
function urlKey(canonical: string): string {
  return canonical.replace(/^https?:\/\/(?:www\.)?/i, '');
}

/**
 * Stories: items joined when they share a page (canonical URL) or a near-identical headline
 * (see title-similarity.ts), transitively (union–find).
 */
function groupStories(items: Scored[]): Scored[][] {
  const parent = Int32Array.from(items, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };

  const byUrl = new Map<string, number>();
  items.forEach((s, i) => {
    if (s.urlKey === null) return;
    const first = byUrl.get(s.urlKey);
    if (first === undefined) byUrl.set(s.urlKey, i);
    else union(first, i);
  });
  for (const [a, b] of similarPairs(items.map((s) => titleWords(s.c.item.title, s.title)))) union(a, b);

  const stories = new Map<number, Scored[]>();
  items.forEach((s, i) => {
    const root = find(i);
    const story = stories.get(root);
    if (story) story.push(s);
    else stories.set(root, [s]);
  });
  return [...stories.values()];
}

/** A story, rated: the item to show (best base score, then newer, then by id) and the story's score. */
interface RatedStory {
  members: Scored[];
  shown: Scored;
  otherSources: number;
  score: number;
}

function rateStory(members: Scored[]): RatedStory {
  let shown = members[0]!;
  for (let k = 1; k < members.length; k++) if (betterItem(members[k]!, shown) < 0) shown = members[k]!;
  let otherSources = 0;
  if (members.length > 1) {
    const sources = new Set(members.map((s) => s.c.sourceId));
    sources.delete(shown.c.sourceId);
    otherSources = sources.size;
  }
  const bonus = Math.min(SCORE.maxSourceBonus, SCORE.perOtherSource * otherSources);
  return { members, shown, otherSources, score: shown.base + bonus };
}

function betterItem(a: Scored, b: Scored): number {
  return b.base - a.base || timeOf(b) - timeOf(a) || compareText(a.c.item.id, b.c.item.id);
}

/** One entry per story: its best-scored item shown, the others counted as sources. */
function toEntry(story: RatedStory): DigestEntry {
  const { shown } = story;
  const ranked = [...story.members].sort(betterItem);
  // The keyword of the most relevant item: a story carried by a keyword source and a general one files under the keyword.
  const mostRelevant = ranked.reduce((best, s) => (s.relevance > best.relevance ? s : best), shown);
  const summary = shown.c.item.summary || ranked.find((s) => s.c.item.summary)?.c.item.summary || '';
  return {
    title: shown.c.item.title,
    url: shown.url,
    summary,
    publishedAt: shown.c.item.publishedAt,
    source: shown.c.sourceTitle,
    otherSources: story.otherSources,
    keyword: mostRelevant.keyword,
    score: Math.round(story.score * 1000) / 1000,
    itemIds: ranked.map((s) => s.c.item.id),
  };
}

function timeOf(s: Scored): number {
  return s.c.item.publishedAt?.getTime() ?? s.c.seenAt.getTime();
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Best score first; then the newer, then by title, so equal scores come out the same every time. */
function byRank(a: RatedStory, b: RatedStory): number {
  return (
    b.score - a.score ||
    timeOf(b.shown) - timeOf(a.shown) ||
    compareText(a.shown.c.item.title, b.shown.c.item.title) ||
    compareText(a.shown.c.item.id, b.shown.c.item.id)
  );
}

/** The first `k` of `items` in `order`, without sorting them all (k is small: a digest's length). */
function bestOf<T>(items: readonly T[], k: number, order: (a: T, b: T) => number): T[] {
  const top: T[] = [];
  if (k <= 0) return top;
  for (const item of items) {
    if (top.length === k && order(item, top[k - 1]!) >= 0) continue;
    let lo = 0;
    let hi = top.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (order(item, top[mid]!) < 0) hi = mid;
      else lo = mid + 1;
    }
    top.splice(lo, 0, item);
    if (top.length > k) top.pop();
  }
  return top;
}
