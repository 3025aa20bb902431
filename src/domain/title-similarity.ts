import { foldText, isDigit } from './fold-text.ts';

/**
 * When two headlines tell the same story: both folded (case, accents, punctuation), reduced to
 * their significant words, and compared as sets (Jaccard: shared words over all words).
 */

/**
 * The rule (checked on real-looking French and English headlines in
 * test/unit/digest-titles.test.ts). Two headlines of at least `minWords` significant words are
 * one story when their Jaccard reaches
 * - `threshold` (0.7) when one headline's words all appear in the other: an outlet added
 *   "en juillet", "d'IA", "DIRECT." or its name;
 * - `swapThreshold` (0.75) when each has words the other lacks: a swapped word is more often
 *   another story ("Tesla" / "Renault", "Lyon" / "Lille") than a synonym ("présente" /
 *   "dévoile"), so one swap passes only in a headline of seven significant words or more;
 * - never when each has a number the other lacks ("300 000 Clio" / "500 000 Clio").
 * Headlines with fewer words ("Météo", "Revue de presse") are never merged by title.
 */
export interface StoryRule {
  threshold: number;
  swapThreshold: number;
  minWords: number;
}

export const STORY_RULE: StoryRule = { threshold: 0.7, swapThreshold: 0.75, minWords: 3 };

/** Float slack for thresholds (0.7 of 10 words must pass at exactly 7). */
export const EPSILON = 1e-9;

/**
 * Words that say nothing of the story: articles, prepositions, auxiliaries, live-blog tags,
 * and "new" and "says", so common in English headlines that they only blur comparisons.
 */
const STOPWORDS = new Set(
  // French
  (
    'le la les un une des du de d l au aux a et ou en dans par pour sur sous avec sans chez ' +
    'ce cet cette ces son sa ses leur leurs se qui que quoi dont ne pas plus est sont etre ' +
    'ont avoir fait il elle ils elles on nous vous je tu y c s n qu lui apres avant entre vers ' +
    'mais donc car comme tres aussi tout tous toute toutes deja encore selon face contre ' +
    'direct video info exclusif enquete infographie interview entretien tribune podcast ' +
    // English
    'the an of to in on at for and or but is are was were be been being has have had it its ' +
    'this that these those with without by from as into over after before about than then ' +
    'will would can could should may might not no do does did so just up out new says said ' +
    'live update updated breaking exclusive watch opinion analysis report'
  ).split(' '),
);

const isSeparator = (code: number) => code === 45 || code === 0x2013 || code === 0x2014 || code === 124; // - – — |
const isBlank = (code: number) => code === 32 || code === 0xa0 || code === 9;

/** Where a last " - X" / " | X" segment starts (at its separator), or -1. */
function lastSegmentAt(title: string): number {
  for (let i = title.length - 2; i > 0; i--) {
    const code = title.charCodeAt(i);
    if (isSeparator(code)) {
      if (isBlank(title.charCodeAt(i - 1)) && isBlank(title.charCodeAt(i + 1))) return i;
      return -1; // a hyphen inside the last segment ("Jean-Luc"): no suffix
    }
  }
  return -1;
}

/**
 * The significant words of a headline, without repeats: folded, stop words and one-letter
 * words (elisions) dropped, digits kept ("GPT-5" → gpt, 5). A trailing " - Publisher" or
 * " | Site" of at most four words is dropped when at least four words remain before it.
 * `folded` is `foldText(title)` when the caller has it already.
 */
export function titleWords(title: string, folded: string = foldText(title)): string[] {
  const at = lastSegmentAt(title);
  if (at !== -1) {
    const suffix = foldText(title.slice(at + 1));
    if (suffix !== '' && suffix.split(' ').length <= 4) {
      const before = significant(foldText(title.slice(0, at)));
      if (before.length >= 4) return before;
    }
  }
  return significant(folded);
}

/** The words of folded text worth comparing, each once, in order. */
function significant(folded: string): string[] {
  const words: string[] = [];
  let start = 0;
  while (start < folded.length) {
    let end = folded.indexOf(' ', start);
    if (end === -1) end = folded.length;
    const w = folded.slice(start, end);
    if ((w.length > 1 || isDigit(w.charCodeAt(0))) && !STOPWORDS.has(w) && !words.includes(w)) words.push(w);
    start = end + 1;
  }
  return words;
}

/** Shared words over all words of two word sets (0 when either is empty). */
function jaccard(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const large = new Set(b);
  let shared = 0;
  for (const w of a) if (large.has(w)) shared++;
  return shared / (a.length + b.length - shared);
}

export const isNumberWord = (w: string) => isDigit(w.charCodeAt(0));

/** {@link STORY_RULE} on two word sets (see titleWords), compared directly. */
export function sameStoryWords(a: readonly string[], b: readonly string[], rule: StoryRule = STORY_RULE): boolean {
  if (a.length < rule.minWords || b.length < rule.minWords) return false;
  const inA = new Set(a);
  const inB = new Set(b);
  const aOwn = a.filter((w) => !inB.has(w));
  const bOwn = b.filter((w) => !inA.has(w));
  if (aOwn.some(isNumberWord) && bOwn.some(isNumberWord)) return false;
  const threshold = aOwn.length > 0 && bOwn.length > 0 ? rule.swapThreshold : rule.threshold;
  return jaccard(a, b) >= threshold - EPSILON;
}

/** Whether two headlines tell the same story (see {@link sameStoryWords}). */
export function sameStory(a: string, b: string): boolean {
  return sameStoryWords(titleWords(a), titleWords(b));
}

export function titleSimilarity(a: string, b: string): number {
  return jaccard(titleWords(a), titleWords(b));
}
