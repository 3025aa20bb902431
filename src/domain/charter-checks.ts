import type { Finding } from './finding.ts';
import type { WorkspaceSettings } from './settings.ts';
import { countDistinctHashtags, findHashtags, findMentionSpans } from './text-count.ts';

type Charter = WorkspaceSettings['charter'];

/** Lower case without accents, one code point at a time, remembering where each piece came from. */
function fold(text: string): { folded: string; from: number[] } {
  let folded = '';
  const from: number[] = [];
  let index = 0;
  for (const char of text) {
    const piece = stripMarks(stripMarks(char).toLowerCase());
    folded += piece;
    for (let i = 0; i < piece.length; i++) from.push(index);
    index += char.length;
  }
  from.push(text.length);
  return { folded, from };
}

const stripMarks = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '');
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A forbidden term as a pattern over folded text: case and accents ignored, any run of spaces
 * between words, and not part of a longer word (`Titan` finds `TITAN!` and `#titan`, not
 * `titanium`).
 */
function termPattern(term: string): RegExp | null {
  const words = fold(term).folded.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return null;
  return new RegExp(`(?<![\\p{L}\\p{N}])${words.map(escapeRegExp).join('\\s+')}(?![\\p{L}\\p{N}])`, 'gu');
}

function forbiddenTermFindings(text: string, charter: Charter): Finding[] {
  const { folded, from } = fold(text);
  const findings: Finding[] = [];
  for (const term of charter.forbiddenTerms) {
    const pattern = termPattern(term);
    if (!pattern) continue;
    const matches = [...folded.matchAll(pattern)];
    const first = matches[0];
    if (!first) continue;
    const start = from[first.index] ?? 0;
    // Marks after the last letter fold to nothing, so `end` already takes them in.
    const end = from[first.index + first[0].length] ?? text.length;
    findings.push({
      rule: 'forbidden-term',
      level: charter.forbiddenTermsLevel,
      params: { term, match: text.slice(start, end), count: matches.length },
    });
  }
  return findings;
}

const withoutPrefix = (value: string, prefixes: string) => value.trim().replace(new RegExp(`^[${prefixes}]+`, 'u'), '');

function requiredHashtagFindings(text: string, charter: Charter): Finding[] {
  const present = new Set(findHashtags(text).map((tag) => tag.toLowerCase()));
  return charter.requiredHashtags
    .map((wanted) => withoutPrefix(wanted, '#＃'))
    .filter((tag) => tag !== '' && !present.has(tag.toLowerCase()))
    .map(
      (tag): Finding => ({ rule: 'required-hashtag', level: charter.requiredLevel, params: { hashtag: `#${tag}` } }),
    );
}

const HANDLE = /^[A-Za-z0-9_]+(?:[.-][A-Za-z0-9_]+)*(?:@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)?$/;

/**
 * Whether `@wanted` is in the text, case ignored. A handle with its instance
 * (`relais@mastodon.social`) must appear whole; a bare handle (`relais`) is also found in
 * `@relais@any.instance`. A name that is no handle (`Relais Conseil`, as LinkedIn mentions
 * look) is looked for as written after an `@`.
 */
function mentions(text: string, wanted: string): boolean {
  const lower = wanted.toLowerCase();
  if (!HANDLE.test(wanted)) {
    return new RegExp(`[@＠]${escapeRegExp(lower)}(?![\\p{L}\\p{N}_])`, 'iu').test(text);
  }
  return findMentionSpans(text).some(
    (m) => m.handle.toLowerCase() === lower || (!lower.includes('@') && m.user.toLowerCase() === lower),
  );
}

function requiredMentionFindings(text: string, charter: Charter): Finding[] {
  return charter.requiredMentions
    .map((wanted) => withoutPrefix(wanted, '@＠'))
    .filter((name) => name !== '' && !mentions(text, name))
    .map(
      (name): Finding => ({ rule: 'required-mention', level: charter.requiredLevel, params: { mention: `@${name}` } }),
    );
}

function maxHashtagsFindings(text: string, charter: Charter): Finding[] {
  if (charter.maxHashtags === null) return [];
  const count = countDistinctHashtags(text);
  if (count <= charter.maxHashtags) return [];
  return [{ rule: 'max-hashtags', level: charter.maxHashtagsLevel, params: { count, max: charter.maxHashtags } }];
}

/**
 * The workspace charter against a draft's text: forbidden terms (one finding per term found,
 * params `term`, `match` as written, `count`), each missing required hashtag (`hashtag`) and
 * mention (`mention`), and more different hashtags than allowed (`count`, `max`). Each finding
 * has the level the admin gave its rule.
 */
export function checkCharter(text: string, charter: Charter): Finding[] {
  return [
    ...forbiddenTermFindings(text, charter),
    ...requiredHashtagFindings(text, charter),
    ...requiredMentionFindings(text, charter),
    ...maxHashtagsFindings(text, charter),
  ];
}
