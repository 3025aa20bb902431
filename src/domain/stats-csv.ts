import { stringify } from 'csv-stringify/sync';
import type { DraftState } from './draft.ts';
import { draftRef } from './draft.ts';
import { offsetMs } from './zoned-time.ts';

/** One draft in `/stats export`: what agencies hand to their clients. */
export interface ExportRow {
  number: number;
  authorId: string;
  campaign: string | null;
  networks: string[];
  state: DraftState;
  submittedAt: Date;
  /** When the draft last became approved. */
  approvedAt: Date | null;
  publishedAt: Date | null;
  urls: string[];
  /** Approvals on the draft's current revision. */
  approvals: number;
  /** Rounds of changes requested. */
  rounds: number;
  /** Ambassadors who answered "I shared it". */
  shares: number;
}

export const EXPORT_COLUMNS = [
  'reference',
  'author',
  'campaign',
  'networks',
  'state',
  'submitted',
  'approved',
  'published',
  'urls',
  'approvals',
  'rounds',
  'shares',
] as const;
export type ExportColumn = (typeof EXPORT_COLUMNS)[number];

/** The zone's offset from UTC at this instant, in minutes. */
const exactOffset = (instant: number, timeZone: string) => Math.round(offsetMs(instant, timeZone) / 60_000);

const DAY_MS = 86_400_000;
const dayOffsets = new Map<string, number | null>();

/**
 * The offset at an instant, asking Intl twice per UTC day rather than once per instant: when the
 * offsets at both ends of the day agree, no change happens inside it (zones change at most once a
 * day); on the day of a change, each instant is asked.
 */
function offsetAt(instant: number, timeZone: string): number {
  const day = Math.floor(instant / DAY_MS);
  const key = `${timeZone}|${day}`;
  let known = dayOffsets.get(key);
  if (known === undefined) {
    const first = exactOffset(day * DAY_MS, timeZone);
    known = first === exactOffset((day + 1) * DAY_MS - 1000, timeZone) ? first : null;
    if (dayOffsets.size > 10_000) dayOffsets.clear();
    dayOffsets.set(key, known);
  }
  return known ?? exactOffset(instant, timeZone);
}

const two = (n: number) => String(n).padStart(2, '0');

/** An instant as ISO 8601 local time with its offset in `timeZone`: `2026-03-29T03:30:00+02:00`. */
export function isoInZone(instant: Date, timeZone: string): string {
  const offset = offsetAt(instant.getTime(), timeZone);
  const l = new Date(Math.floor(instant.getTime() / 1000) * 1000 + offset * 60_000);
  const date = `${l.getUTCFullYear()}-${two(l.getUTCMonth() + 1)}-${two(l.getUTCDate())}`;
  const time = `${two(l.getUTCHours())}:${two(l.getUTCMinutes())}:${two(l.getUTCSeconds())}`;
  const sign = offset < 0 ? '-' : '+';
  return `${date}T${time}${sign}${two(Math.floor(Math.abs(offset) / 60))}:${two(Math.abs(offset) % 60)}`;
}

/**
 * RFC 4180 text (CRLF line ends, fields with commas, quotes or line breaks quoted, quotes
 * doubled). A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed
 * with `'`, so a spreadsheet never runs it as a formula (OWASP's CSV injection advice).
 */
export function exportCsv(
  rows: ExportRow[],
  opts: { timezone: string; header: Record<ExportColumn, string>; state: (s: DraftState) => string },
): string {
  const when = (d: Date | null) => (d ? isoInZone(d, opts.timezone) : '');
  const records = rows.map((r) => [
    draftRef(r.number),
    r.authorId,
    r.campaign ?? '',
    r.networks.join(', '),
    opts.state(r.state),
    when(r.submittedAt),
    when(r.approvedAt),
    when(r.publishedAt),
    r.urls.join(' '),
    String(r.approvals),
    String(r.rounds),
    String(r.shares),
  ]);
  return stringify([EXPORT_COLUMNS.map((c) => opts.header[c]), ...records], {
    record_delimiter: 'windows',
    escape_formulas: true,
    // csv-stringify quotes on the record delimiter only; RFC 4180 wants any line break quoted.
    quoted_match: /[\r\n]/,
  });
}
