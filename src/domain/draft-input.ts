import { Invalid } from '../errors.ts';
import { problemList } from '../field-problems.ts';
import type { DraftContent } from './draft.ts';
import { NETWORKS, type Network } from './networks.ts';
import { formatInZone, parseLocalDateTime, zonedToUtc } from './zoned-time.ts';

/** Facebook's limit: no network takes a longer post, so no draft may be longer. */
export const MAX_DRAFT_LENGTH = 63_206;
// C0 controls but tab and newline, DEL, C1 controls, and bidi overrides that disguise text.
/** Control and bidi-override characters: never part of a post, often a paste gone wrong or a spoof. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
export const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

export interface RawDraftInput {
  text: string;
  networks?: string | string[] | null;
  planned?: string | null;
  links?: string | null;
  note?: string | null;
}

function httpUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.toString();
  } catch {
    // reported below
  }
  throw new Invalid('draft.bad-url', { url: value.slice(0, 100) });
}

const count = (n: number, locale: string) => new Intl.NumberFormat(locale).format(n);

/** Whitespace-separated web addresses; anything else is refused by name. */
export function readUrls(text: string): string[] {
  return text.split(/\s+/).filter(Boolean).map(httpUrl);
}

/**
 * People's input → draft content, or a typed error saying what is wrong. Nothing is trimmed
 * silently except surrounding space and carriage returns.
 */
export function readDraftInput(
  raw: RawDraftInput,
  opts: { defaultNetworks: Network[]; timezone: string; now: Date; locale: string },
): DraftContent {
  // Every field is read, so a form can show each problem beside its field at once.
  const problems = problemList();
  const text = raw.text.replace(/\r\n?/g, '\n').trim();
  if (!text) problems.add('text', 'draft.empty');
  else if (text.length > MAX_DRAFT_LENGTH)
    problems.add('text', 'draft.too-long', { max: count(MAX_DRAFT_LENGTH, opts.locale), length: text.length });
  else if (CONTROL_CHARS.test(text)) problems.add('text', 'draft.control-chars');
  if (CONTROL_CHARS.test(raw.note ?? '')) problems.add('note', 'draft.control-chars');
  if (CONTROL_CHARS.test(raw.links ?? '')) problems.add('links', 'draft.control-chars');

  const listed = Array.isArray(raw.networks) ? raw.networks : (raw.networks ?? '').split(/[\s,;]+/);
  const wanted = listed.map((n) => n.trim().toLowerCase()).filter(Boolean);
  const unknown = wanted.filter((n) => !(NETWORKS as readonly string[]).includes(n));
  if (unknown.length)
    problems.add('networks', 'draft.bad-networks', {
      given: unknown.join(', ').slice(0, 100),
      known: NETWORKS.join(', '),
    });
  const networks = wanted.length ? ([...new Set(wanted)] as Network[]) : opts.defaultNetworks;

  let plannedAt: Date | null = null;
  if (raw.planned?.trim()) {
    const local = parseLocalDateTime(raw.planned);
    if (!local) problems.add('planned', 'draft.bad-date');
    else {
      plannedAt = zonedToUtc(local, opts.timezone);
      if (plannedAt.getTime() < opts.now.getTime())
        problems.add('planned', 'draft.past-date', { when: formatInZone(plannedAt, opts.timezone, opts.locale) });
    }
  }

  const urls = problems.on('links', () => readUrls(raw.links ?? ''), []);
  problems.throwIfAny();
  const note = raw.note?.trim() ?? '';
  const campaign = /^#([\p{L}\p{N}_-]{1,60})/u.exec(note)?.[1] ?? null;
  const reviewerNote = (campaign ? note.slice(campaign.length + 1) : note).trim().slice(0, 2000) || null;

  return { text, networks, link: urls[0] ?? null, media: urls.slice(1, 11), plannedAt, campaign, reviewerNote };
}
