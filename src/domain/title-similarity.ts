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

const LIGATURES: Record<string, string> = {
  œ: 'oe',
  æ: 'ae',
  ß: 'ss',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ı: 'i',
  ð: 'd',
  þ: 'th',
};
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
/** What each code point folds to: lower-case letters and digits without marks, '' for a mark, ' ' for anything else. */
const folded = new Map<number, string>();

function foldCodePoint(cp: number): string {
  let out = folded.get(cp);
  if (out === undefined) {
    out = '';
    const decomposed = String.fromCodePoint(cp)
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase();
    for (const ch of decomposed) out += LIGATURES[ch] ?? (LETTER_OR_DIGIT.test(ch) ? ch : ' ');
    folded.set(cp, out);
  }
  return out;
}
for (let cp = 0; cp < 0x250; cp++) foldCodePoint(cp);

const isDigit = (code: number) => code >= 48 && code <= 57;
/** A thousands separator: space, no-break space, narrow no-break space, dot, comma, apostrophe. */
const isGroupSeparator = (code: number) =>
  code === 32 || code === 0xa0 || code === 0x202f || code === 46 || code === 44 || code === 39;

/** Output buffer of UTF-16 code units, reused and grown as needed (folding is synchronous). */
let buffer: Uint16Array = new Uint16Array(1024);

function toText(units: Uint16Array, length: number): string {
  let out = '';
  for (let start = 0; start < length; start += 8192) {
    out += String.fromCharCode.apply(
      null,
      units.subarray(start, Math.min(length, start + 8192)) as unknown as number[],
    );
  }
  return out;
}

/**
 * Lowercase, accents and punctuation gone, one space between words: "L'État, c'est « moi » !"
 * → "l etat c est moi". A thousands separator between digits is dropped, so "3 000", "3 000"
 * and "3,000" are the one word "3000" ("2,5" stays two). One pass over the text with a table
 * per code point: this runs on every title and summary of a digest.
 */
export function foldText(text: string): string {
  let n = 0;
  let pendingSpace = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 128) {
      let unit: number;
      if (code >= 97 && code <= 122) unit = code;
      else if (code >= 65 && code <= 90) unit = code + 32;
      else if (isDigit(code)) unit = code;
      else {
        const joinsDigits =
          isGroupSeparator(code) &&
          i > 0 &&
          isDigit(text.charCodeAt(i - 1)) &&
          isDigit(text.charCodeAt(i + 1)) &&
          isDigit(text.charCodeAt(i + 2)) &&
          isDigit(text.charCodeAt(i + 3)) &&
          !isDigit(text.charCodeAt(i + 4));
        if (!joinsDigits) pendingSpace = n > 0;
        continue;
      }
      if (n + 2 > buffer.length) buffer = grow(buffer, n + 2);
      if (pendingSpace) buffer[n++] = 32;
      pendingSpace = false;
      buffer[n++] = unit;
      continue;
    }
    if (
      (code === 0xa0 || code === 0x202f) &&
      i > 0 &&
      isDigit(text.charCodeAt(i - 1)) &&
      isDigit(text.charCodeAt(i + 1)) &&
      isDigit(text.charCodeAt(i + 2)) &&
      isDigit(text.charCodeAt(i + 3)) &&
      !isDigit(text.charCodeAt(i + 4))
    ) {
      continue;
    }
    const cp = text.codePointAt(i)!;
    if (cp > 0xffff) i++;
    const piece = foldCodePoint(cp);
    if (n + 2 * piece.length + 1 > buffer.length) buffer = grow(buffer, n + 2 * piece.length + 1);
    for (let k = 0; k < piece.length; k++) {
      const unit = piece.charCodeAt(k);
      if (unit === 32) {
        pendingSpace = n > 0;
      } else {
        if (pendingSpace) buffer[n++] = 32;
        pendingSpace = false;
        buffer[n++] = unit;
      }
    }
  }
  return toText(buffer, n);
}

function grow(units: Uint16Array, atLeast: number): Uint16Array {
  const bigger = new Uint16Array(Math.max(atLeast, units.length * 2));
  bigger.set(units);
  return bigger;
}

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

const isNumberWord = (w: string) => isDigit(w.charCodeAt(0));

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

const EPSILON = 1e-9;

/**
 * Pairs of word sets that {@link sameStoryWords} joins, found without comparing all pairs: a
 * prefix-filtering similarity join (All-Pairs, Bayardo et al. 2007, with PPJoin's positional
 * filter, Xiao et al. 2008).
 * Each set holds words without repeats (as titleWords gives them).
 * - Identical sets are grouped first; each group is compared once, through its first set.
 * - Words become ids, rarest first; each set is sorted by id. Jaccard ≥ t between x and y
 *   means an overlap of at least o = ⌈t/(1+t)·(|x|+|y|)⌉ words, so x and y must share a word
 *   among the first |x| − ⌈t·|x|⌉ + 1 of x (probed) and the first |y| − ⌈2t/(1+t)·|y|⌉ + 1 of
 *   y (indexed; sets are visited smallest first, so |y| ≤ |x|). Only such meetings are checked.
 * - Length filters: a set smaller than t·|x| cannot reach t (each word's list is sorted by
 *   size, so a moving start skips them once and for all); a set met first at position p of x
 *   shares at most |x| − p words, so one larger than (|x| − p)·(1+t)/t − |x| ends the list.
 * - Positional filter (after PPJoin): the first shared word, at position p in x and q in y,
 *   leaves at most 1 + min(|x|−p−1, |y|−q−1) shared words; below o the pair is dropped
 *   unverified. Others are verified by merging the two sorted sets.
 * Rare words (names, numbers) make the lists short, so the work grows with the number of
 * near-duplicates rather than with the square of the number of headlines. Exact: the pairs
 * join the same groups as comparing every pair would. Pairs are indices into `sets`.
 */
export function similarPairs(sets: readonly (readonly string[])[], rule: StoryRule = STORY_RULE): [number, number][] {
  const { threshold, swapThreshold, minWords } = rule;
  const pairs: [number, number][] = [];

  // All sets in one flat array of word ids (set i at [from[i], from[i] + size[i])), ids first
  // given in order of appearance and counted, then replaced by their rank, rarest first.
  let total = 0;
  for (const set of sets) if (set.length >= minWords) total += set.length;
  const ids = new Int32Array(total);
  const from = new Int32Array(sets.length);
  const size = new Int32Array(sets.length);
  const provisional = new Map<string, number>();
  const words: string[] = [];
  const counts: number[] = [];
  let at = 0;
  for (let i = 0; i < sets.length; i++) {
    const set = sets[i]!;
    if (set.length < minWords) continue;
    from[i] = at;
    size[i] = set.length;
    for (const word of set) {
      let id = provisional.get(word);
      if (id === undefined) {
        id = words.length;
        provisional.set(word, id);
        words.push(word);
        counts.push(0);
      }
      counts[id]!++;
      ids[at++] = id;
    }
  }
  const order = words
    .map((_, id) => id)
    .sort((a, b) => counts[a]! - counts[b]! || (words[a]! < words[b]! ? -1 : words[a]! > words[b]! ? 1 : 0));
  const rank = new Int32Array(words.length);
  order.forEach((id, r) => {
    rank[id] = r;
  });
  const numeric = Uint8Array.from(order, (id) => (isNumberWord(words[id]!) ? 1 : 0));
  for (let k = 0; k < total; k++) ids[k] = rank[ids[k]!]!;

  // Identical sets are paired with the first of them and left out of the join (buckets by
  // hash, chained through `sameHash`).
  const firstWithHash = new Map<number, number>();
  const sameHash = new Int32Array(sets.length).fill(-1);
  const reps: number[] = [];
  for (let i = 0; i < sets.length; i++) {
    if (size[i] === 0) continue;
    sortRange(ids, from[i]!, from[i]! + size[i]!);
    const hash = hashRange(ids, from[i]!, size[i]!);
    const head = firstWithHash.get(hash);
    let twin = head ?? -1;
    while (twin !== -1 && !(size[twin] === size[i] && equalRanges(ids, from[twin]!, from[i]!, size[i]!)))
      twin = sameHash[twin]!;
    if (twin !== -1) {
      pairs.push([twin, i]);
      continue;
    }
    if (head !== undefined) sameHash[i] = head;
    firstWithHash.set(hash, i);
    reps.push(i);
  }
  reps.sort((a, b) => size[a]! - size[b]! || a - b);

  const listSets: number[][] = order.map(() => []);
  const listPositions: number[][] = order.map(() => []);
  const listStart = new Int32Array(order.length);
  const seenWith = new Int32Array(sets.length).fill(-1);
  const alpha = threshold / (1 + threshold);
  const alphaWithSwap = swapThreshold / (1 + swapThreshold);
  const midRatio = (2 * threshold) / (1 + threshold);
  for (const x of reps) {
    const xFrom = from[x]!;
    const n = size[x]!;
    const probe = n - Math.ceil(threshold * n - EPSILON) + 1;
    const minSize = threshold * n - EPSILON;
    for (let p = 0; p < probe; p++) {
      const word = ids[xFrom + p]!;
      const members = listSets[word]!;
      const positions = listPositions[word]!;
      let k = listStart[word]!;
      while (k < members.length && size[members[k]!]! < minSize) k++;
      listStart[word] = k;
      // A set meeting x first here shares at most n − p words with it: larger ones cannot reach o.
      const maxSize = (n - p) / alpha - n + EPSILON;
      for (; k < members.length; k++) {
        const y = members[k]!;
        if (size[y]! > maxSize) break;
        if (seenWith[y] === x) continue;
        seenWith[y] = x;
        const m = size[y]!;
        const need = Math.ceil(alpha * (n + m) - EPSILON);
        if (1 + Math.min(n - p - 1, m - positions[k]! - 1) < need) continue;
        if (overlapMeets(ids, xFrom, n, from[y]!, m, need, Math.ceil(alphaWithSwap * (n + m) - EPSILON), numeric))
          pairs.push(x < y ? [x, y] : [y, x]);
      }
    }
    const indexed = n - Math.ceil(midRatio * n - EPSILON) + 1;
    for (let p = 0; p < indexed; p++) {
      listSets[ids[xFrom + p]!]!.push(x);
      listPositions[ids[xFrom + p]!]!.push(p);
    }
  }
  return pairs;
}

/** Insertion sort of a short range (a headline's words) in place. */
function sortRange(a: Int32Array, start: number, end: number): void {
  for (let i = start + 1; i < end; i++) {
    const v = a[i]!;
    let j = i - 1;
    while (j >= start && a[j]! > v) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = v;
  }
}

/** A 52-bit hash of a sorted range of ids (two 32-bit multiplicative mixes), to bucket identical sets. */
function hashRange(a: Int32Array, start: number, length: number): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x9747b28c;
  for (let k = start; k < start + length; k++) {
    h1 = Math.imul(h1 ^ a[k]!, 0x01000193);
    h2 = Math.imul(h2 ^ (a[k]! + 0x9e3779b9), 0x85ebca6b);
  }
  return (h1 >>> 0) * 0x100000 + ((h2 >>> 0) & 0xfffff);
}

function equalRanges(a: Int32Array, x: number, y: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (a[x + k] !== a[y + k]) return false;
  return true;
}

/**
 * Whether two sorted id ranges share enough ids: `need`, or `needWithSwap` when each holds ids
 * the other lacks; never when each holds a number the other lacks.
 */
function overlapMeets(
  ids: Int32Array,
  x: number,
  n: number,
  y: number,
  m: number,
  need: number,
  needWithSwap: number,
  numeric: Uint8Array,
): boolean {
  let i = x;
  let j = y;
  const xEnd = x + n;
  const yEnd = y + m;
  let shared = 0;
  let xOwnNumber = false;
  let yOwnNumber = false;
  while (i < xEnd && j < yEnd) {
    const a = ids[i]!;
    const b = ids[j]!;
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
  for (; i < xEnd; i++) if (numeric[ids[i]!]) xOwnNumber = true;
  for (; j < yEnd; j++) if (numeric[ids[j]!]) yOwnNumber = true;
  if (xOwnNumber && yOwnNumber) return false;
  const swapped = shared < n && shared < m;
  return shared >= (swapped ? needWithSwap : need);
}
