import type { DigestCandidate } from './digest.ts';
import { foldText } from './fold-text.ts';

/**
 * How relevant an item is to its source's keywords (the digest's `relevance`, see digest.ts):
 * 2 per keyword in the title, 1 per keyword in the summary, at most 6; whole words, case and
 * accents ignored ("ia" finds "IA", not "via").
 */

const TITLE_HIT = 2;
const SUMMARY_HIT = 1;
const MAX_RELEVANCE = 6;

interface FoldedKeyword {
  text: string;
  /** Folded (words separated by one space), searched as whole words in folded text. */
  needle: string;
}

/** Each source's folded keywords, built once per digest. */
export type KeywordCache = Map<string, { from: string[]; folded: FoldedKeyword[] }>;

/** A source's keywords, folded once per build (keyed by source, checked against the list given). */
export function foldedKeywords(c: DigestCandidate, cache: KeywordCache): FoldedKeyword[] {
  const hit = cache.get(c.sourceId);
  if (hit && (hit.from === c.keywords || sameList(hit.from, c.keywords))) return hit.folded;
  const folded = c.keywords
    .map((text) => ({ text: text.trim(), needle: foldText(text) }))
    .filter((k) => k.needle !== '');
  cache.set(c.sourceId, { from: c.keywords, folded });
  return folded;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Relevance of an item to its source's keywords, and the keyword that matched best (first wins a tie). */
export function matchKeywords(
  foldedTitle: string,
  rawSummary: string,
  keywords: FoldedKeyword[],
): { relevance: number; keyword: string | null } {
  if (keywords.length === 0) return { relevance: 0, keyword: null };
  const title = foldedTitle;
  const summary = foldText(rawSummary);
  let relevance = 0;
  let best = 0;
  let keyword: string | null = null;
  for (const k of keywords) {
    const value = (hasWords(title, k.needle) ? TITLE_HIT : 0) + (hasWords(summary, k.needle) ? SUMMARY_HIT : 0);
    relevance += value;
    if (value > best) {
      best = value;
      keyword = k.text;
    }
  }
  return { relevance: Math.min(relevance, MAX_RELEVANCE), keyword };
}

/** Whether folded `text` holds the folded words `needle` as whole words ("ia" is not in "via"). */
function hasWords(text: string, needle: string): boolean {
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
    const end = at + needle.length;
    if ((at === 0 || text.charCodeAt(at - 1) === 32) && (end === text.length || text.charCodeAt(end) === 32))
      return true;
  }
  return false;
}
