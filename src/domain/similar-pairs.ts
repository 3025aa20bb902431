import { EPSILON, isNumberWord, STORY_RULE, type StoryRule } from './title-similarity.ts';

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
