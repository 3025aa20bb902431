import { foldText } from './fold-text.ts';
import type { DraftResult } from './stats-results.ts';

/**
 * The retro form as typed: four counts and one "what worked" line. A Discord modal holds five
 * fields, so the tags and the word share one: `tone, timing: the hook` (tags before the colon, in
 * English or French, the word after). Without a colon, a line made only of tags is tags, anything
 * else is the word.
 */

export const COUNT_FIELDS = ['reactions', 'comments', 'shares', 'clicks'] as const;
type CountField = (typeof COUNT_FIELDS)[number];
type Tag = DraftResult['worked'][number];

const TAG_NAMES: Record<string, Tag> = {
  tone: 'tone',
  ton: 'tone',
  topic: 'topic',
  subject: 'topic',
  sujet: 'topic',
  theme: 'topic',
  timing: 'timing',
  time: 'timing',
  moment: 'timing',
  heure: 'timing',
  visual: 'visual',
  image: 'visual',
  visuel: 'visual',
  other: 'other',
  autre: 'other',
};

const COUNT_MAX = 1_000_000_000;
const WORD_MAX = 200;

export type RetroProblem = { field: CountField; kind: 'count' } | { field: 'worked'; kind: 'tags'; given: string };

/** The answer ready for `recordResult`, or every problem found (each shown beside its field). */
export function readRetroAnswer(
  values: Record<string, string | null | undefined>,
): { ok: true; result: DraftResult } | { ok: false; problems: RetroProblem[] } {
  const problems: RetroProblem[] = [];
  const counts = {} as Record<CountField, number | null>;
  for (const field of COUNT_FIELDS) {
    // Spaces and thin spaces group thousands the way people write them: "1 200".
    const raw = (values[field] ?? '').replace(/[\s\u00a0\u202f]/g, '');
    if (raw === '') counts[field] = null;
    else if (/^\d{1,10}$/.test(raw) && Number(raw) <= COUNT_MAX) counts[field] = Number(raw);
    else problems.push({ field, kind: 'count' });
  }
  const { worked, word, unknown } = readWorked(values.worked ?? '');
  if (unknown.length) problems.push({ field: 'worked', kind: 'tags', given: unknown.join(', ') });
  if (problems.length) return { ok: false, problems };
  return { ok: true, result: { ...counts, worked, word } };
}

function readWorked(text: string): { worked: Tag[]; word: string | null; unknown: string[] } {
  const line = text.replace(/\s+/g, ' ').trim();
  const colon = line.indexOf(':');
  const head = colon >= 0 ? line.slice(0, colon) : line;
  const tail = colon >= 0 ? line.slice(colon + 1) : '';
  const names = head
    .split(/[,;/+&]| et | and /)
    .flatMap((part) => foldText(part).split(' '))
    .filter(Boolean);
  const tags = names.map((n) => TAG_NAMES[n]);
  const unknown = names.filter((_, i) => !tags[i]);
  if (colon < 0 && unknown.length > 0) return { worked: [], word: clip(line), unknown: [] };
  return { worked: [...new Set(tags.filter((t): t is Tag => !!t))], word: clip(tail), unknown };
}

function clip(word: string): string | null {
  // Control characters and bidi overrides are dropped rather than refused: the word is a note.
  const clean = word
    .replace(/\p{Cc}|[\u202A-\u202E\u2066-\u2069]/gu, '')
    .trim()
    .slice(0, WORD_MAX);
  return clean || null;
}
