/**
 * When two headlines tell the same story: both folded (case, accents, punctuation), reduced to
 * their significant words, and compared as sets (Jaccard: shared words over all words).
 */

/** Jaccard at or above this makes two headlines one story. Checked on real-looking French and
 * English headlines (test/unit/digest-titles.test.ts): one word changed in a short headline, or
 * two related stories about the same subject, stay apart; a reworded article, an added "the",
 * a publisher suffix or a different punctuation do not. */
export const TITLE_SIMILARITY_THRESHOLD = 0.7;
/** Headlines with fewer significant words ("Météo", "Revue de presse") are never merged by title. */
export const MIN_TITLE_WORDS = 3;

const LIGATURES: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss', ø: 'o', ł: 'l', đ: 'd', ı: 'i', ð: 'd', þ: 'th' };
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
/** What each code point folds to: lower-case letters and digits without marks, '' for a mark, ' ' for anything else. */
const folded = new Map<number, string>();

function foldCodePoint(cp: number): string {
  let out = folded.get(cp);
  if (out === undefined) {
    out = '';
    const decomposed = String.fromCodePoint(cp).normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
    for (const ch of decomposed) out += LIGATURES[ch] ?? (LETTER_OR_DIGIT.test(ch) ? ch : ' ');
    folded.set(cp, out);
  }
  return out;
}
for (let cp = 0; cp < 0x250; cp++) foldCodePoint(cp);

const isDigit = (code: number) => code >= 48 && code <= 57;
/** A thousands separator: space, no-break space, narrow no-break space, dot, comma, apostrophe. */
const isGroupSeparator = (code: number) => code === 32 || code === 0xa0 || code === 0x202f || code === 46 || code === 44 || code === 39;

/**
 * Lowercase, accents and punctuation gone, one space between words: "L'État, c'est « moi » !"
 * → "l etat c est moi". A thousands separator between digits is dropped, so "3 000", "3 000"
 * and "3,000" are the one word "3000" ("2,5" stays two). One pass over the text with a table
 * per code point: this runs on every title and summary of a digest.
 */
export function foldText(text: string): string {
  let out = '';
  let pendingSpace = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (
      isGroupSeparator(code) && i > 0 && isDigit(text.charCodeAt(i - 1)) &&
      isDigit(text.charCodeAt(i + 1)) && isDigit(text.charCodeAt(i + 2)) && isDigit(text.charCodeAt(i + 3)) && !isDigit(text.charCodeAt(i + 4))
    ) {
      continue;
    }
    let piece: string;
    if (code < 128) {
      piece = code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : (code >= 97 && code <= 122) || isDigit(code) ? text[i]! : ' ';
    } else {
      const cp = text.codePointAt(i)!;
      if (cp > 0xffff) i++;
      piece = foldCodePoint(cp);
    }
    for (let k = 0; k < piece.length; k++) {
      const ch = piece[k]!;
      if (ch === ' ') {
        pendingSpace = out.length > 0;
      } else {
        if (pendingSpace) out += ' ';
        pendingSpace = false;
        out += ch;
      }
    }
  }
  return out;
}

/** Words that say nothing of the story: articles, prepositions, auxiliaries, live-blog tags. */
const STOPWORDS = new Set(
  (
    // French
    'le la les un une des du de d l au aux a et ou en dans par pour sur sous avec sans chez ' +
    'ce cet cette ces son sa ses leur leurs se qui que quoi dont ne pas plus est sont etre ' +
    'a ont avoir fait il elle ils elles on nous vous je tu y c s n qu lui apres avant entre vers ' +
    'mais donc car comme tres aussi tout tous toute toutes deja encore selon face contre ' +
    'direct video info exclusif enquete infographie interview entretien tribune podcast ' +
    // English
    'the a an of to in on at for and or but is are was were be been being has have had it its ' +
    'this that these those with without by from as into over after before about than then ' +
    'will would can could should may might not no do does did so just up out new says said ' +
    'live update updated breaking exclusive watch video opinion analysis report'
  ).split(' '),
);
// "new" and "says" are so common in English headlines that they only blur comparisons.

const PUBLISHER_SUFFIX = /\s+[-–—|]\s+([^-–—|]+)$/;

/**
 * The significant words of a headline, without repeats: folded, stop words and one-letter
 * words (elisions) dropped, digits kept ("GPT-5" → gpt, 5). A trailing " - Publisher" or
 * " | Site" of at most four words is dropped when at least four words remain before it.
 */
export function titleWords(title: string): string[] {
  let text = title;
  const suffix = PUBLISHER_SUFFIX.exec(text);
  if (suffix && foldText(suffix[1]!).split(' ').length <= 4 && significant(foldText(text.slice(0, suffix.index))).length >= 4) {
    text = text.slice(0, suffix.index);
  }
  return [...new Set(significant(foldText(text)))];
}

function significant(folded: string): string[] {
  if (!folded) return [];
  return folded.split(' ').filter((w) => (w.length > 1 || /\d/.test(w)) && !STOPWORDS.has(w));
}

/** Shared words over all words of two word sets (0 when either is empty). */
export function jaccard(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const large = new Set(b);
  let shared = 0;
  for (const w of a) if (large.has(w)) shared++;
  return shared / (a.length + b.length - shared);
}

const isNumberWord = (w: string) => isDigit(w.charCodeAt(0));

/**
 * Two headlines that each carry a number the other lacks tell different stories, however
 * alike the rest ("Renault rappelle 300 000 Clio en France" / "… 500 000 Clio en France").
 */
export function numbersConflict(a: readonly string[], b: readonly string[]): boolean {
  const inA = new Set(a);
  const inB = new Set(b);
  return a.some((w) => isNumberWord(w) && !inB.has(w)) && b.some((w) => isNumberWord(w) && !inA.has(w));
}

/** The rule, on word sets: at least `threshold` Jaccard, both long enough, no conflicting numbers. */
export function sameStoryWords(a: readonly string[], b: readonly string[], threshold = TITLE_SIMILARITY_THRESHOLD, minWords = MIN_TITLE_WORDS): boolean {
  return a.length >= minWords && b.length >= minWords && jaccard(a, b) >= threshold - EPSILON && !numbersConflict(a, b);
}

/** Whether two headlines tell the same story (see {@link sameStoryWords}). */
export function sameStory(a: string, b: string): boolean {
  return sameStoryWords(titleWords(a), titleWords(b));
}

export function titleSimilarity(a: string, b: string): number {
  return jaccard(titleWords(a), titleWords(b));
}

const EPSILON = 1e-9;

/**
 * Pairs of word sets that {@link sameStoryWords} joins, found without comparing all pairs: a
 * prefix-filtering similarity join (All-Pairs, Bayardo et al. 2007, with PPJoin's positional
 * filter, Xiao et al. 2008).
 * - Identical sets are grouped first; each group is compared once, through its first set.
 * - Words become ids, rarest first; each set is sorted by id. Jaccard ≥ t between x and y
 *   means an overlap of at least o = ⌈t/(1+t)·(|x|+|y|)⌉ words, so x and y must share a word
 *   among the first |x| − ⌈t·|x|⌉ + 1 of x (probed) and the first |y| − ⌈2t/(1+t)·|y|⌉ + 1 of
 *   y (indexed; sets are visited smallest first, so |y| ≤ |x|). Only such meetings are checked.
 * - Length filter: a set smaller than t·|x| cannot reach t (each word's list is sorted by size,
 *   so a moving start skips them once and for all).
 * - Positional filter: the first shared word, at position p in x and q in y, leaves at most
 *   1 + min(|x|−p−1, |y|−q−1) shared words; below o the pair is dropped unverified.
 * Rare words (names, numbers) make the lists short, so the work grows with the number of
 * near-duplicates rather than with the square of the number of headlines. Exact: the pairs
 * join the same groups as comparing every pair would. Pairs are indices into `sets`.
 */
export function similarPairs(sets: readonly (readonly string[])[], threshold = TITLE_SIMILARITY_THRESHOLD, minWords = MIN_TITLE_WORDS): [number, number][] {
  const pairs: [number, number][] = [];
  const byKey = new Map<string, number>();
  const reps: number[] = [];
  for (let i = 0; i < sets.length; i++) {
    const set = sets[i]!;
    if (set.length < minWords) continue;
    const key = [...set].sort().join(' ');
    const first = byKey.get(key);
    if (first === undefined) {
      byKey.set(key, i);
      reps.push(i);
    } else {
      pairs.push([first, i]);
    }
  }

  const frequency = new Map<string, number>();
  for (const i of reps) for (const w of sets[i]!) frequency.set(w, (frequency.get(w) ?? 0) + 1);
  const vocabulary = [...frequency.keys()].sort((a, b) => frequency.get(a)! - frequency.get(b)! || (a < b ? -1 : a > b ? 1 : 0));
  const idOf = new Map(vocabulary.map((w, id) => [w, id]));
  const numeric = Uint8Array.from(vocabulary, (w) => (isNumberWord(w) ? 1 : 0));
  const encoded: Int32Array[] = [];
  for (const i of reps) encoded[i] = Int32Array.from(sets[i]!, (w) => idOf.get(w)!).sort();
  reps.sort((a, b) => encoded[a]!.length - encoded[b]!.length || a - b);

  const listSets: number[][] = vocabulary.map(() => []);
  const listPositions: number[][] = vocabulary.map(() => []);
  const listStart = new Int32Array(vocabulary.length);
  const seenWith = new Int32Array(sets.length).fill(-1);
  const midRatio = (2 * threshold) / (1 + threshold);
  for (const x of reps) {
    const xs = encoded[x]!;
    const n = xs.length;
    const probe = n - Math.ceil(threshold * n - EPSILON) + 1;
    const minSize = threshold * n - EPSILON;
    for (let p = 0; p < probe; p++) {
      const word = xs[p]!;
      const members = listSets[word]!;
      const positions = listPositions[word]!;
      let k = listStart[word]!;
      while (k < members.length && encoded[members[k]!]!.length < minSize) k++;
      listStart[word] = k;
      for (; k < members.length; k++) {
        const y = members[k]!;
        if (seenWith[y] === x) continue;
        seenWith[y] = x;
        const ys = encoded[y]!;
        const m = ys.length;
        const need = Math.ceil((threshold / (1 + threshold)) * (n + m) - EPSILON);
        if (1 + Math.min(n - p - 1, m - positions[k]! - 1) < need) continue;
        if (overlapMeets(xs, ys, need, numeric)) pairs.push(x < y ? [x, y] : [y, x]);
      }
    }
    const indexed = n - Math.ceil(midRatio * n - EPSILON) + 1;
    for (let p = 0; p < indexed; p++) {
      listSets[xs[p]!]!.push(x);
      listPositions[xs[p]!]!.push(p);
    }
  }
  return pairs;
}

/** Whether two sorted id sets share at least `need` ids and do not each hold a number the other lacks. */
function overlapMeets(xs: Int32Array, ys: Int32Array, need: number, numeric: Uint8Array): boolean {
  let i = 0;
  let j = 0;
  let shared = 0;
  let xOwnNumber = false;
  let yOwnNumber = false;
  while (i < xs.length && j < ys.length) {
    const a = xs[i]!;
    const b = ys[j]!;
    if (a === b) {
      shared++;
      i++;
      j++;
    } else if (a < b) {
      if (numeric[a]) xOwnNumber = true;
      i++;
    } else {
      if (numeric[b]) yOwnNumber = true;
      j++;
    }
  }
  for (; i < xs.length; i++) if (numeric[xs[i]!]) xOwnNumber = true;
  for (; j < ys.length; j++) if (numeric[ys[j]!]) yOwnNumber = true;
  return shared >= need && !(xOwnNumber && yOwnNumber);
}
