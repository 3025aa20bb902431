import { localParts, zonedToUtc } from './zoned-time.ts';

/**
 * Reporting periods in a workspace's timezone: ISO weeks (Monday to Monday), calendar months and
 * quarters. A period runs from local midnight of its first day to local midnight of the next
 * period's first day, read back in the zone, so a week that crosses a daylight-saving change is
 * 167 or 169 hours long and still holds exactly its seven local days.
 */

const PERIOD_KINDS = ['week', 'month', 'quarter'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

/** A calendar date, without a time or a zone. */
export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

export interface Period {
  kind: PeriodKind;
  timezone: string;
  /** Local first day. */
  first: CivilDate;
  /** UTC instants: [start, end). */
  start: Date;
  end: Date;
  /** ISO week-numbering year and week (weeks), the year and month (months), year and quarter (quarters). */
  year: number;
  index: number;
}

export function addDays(d: CivilDate, days: number): CivilDate {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + days));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

function addMonths(d: CivilDate, months: number): CivilDate {
  const t = new Date(Date.UTC(d.year, d.month - 1 + months, 1));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: 1 };
}

/** ISO weekday of a calendar date (1 = Monday). */
function weekday(d: CivilDate): number {
  return ((new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay() + 6) % 7) + 1;
}

/** ISO 8601 week-numbering year and week of a calendar date: the week belongs to the year of its Thursday. */
export function isoWeek(d: CivilDate): { year: number; week: number } {
  const thursday = addDays(d, 4 - weekday(d));
  const dayOfYear =
    (Date.UTC(thursday.year, thursday.month - 1, thursday.day) - Date.UTC(thursday.year, 0, 1)) / 86_400_000;
  return { year: thursday.year, week: Math.floor(dayOfYear / 7) + 1 };
}

const midnight = (d: CivilDate, timezone: string) => zonedToUtc({ ...d, hour: 0, minute: 0 }, timezone);

/** The period of this kind that starts on `first` (which must be a period start). */
function periodFrom(kind: PeriodKind, first: CivilDate, timezone: string): Period {
  const next = kind === 'week' ? addDays(first, 7) : addMonths(first, kind === 'month' ? 1 : 3);
  const iso = isoWeek(first);
  const [year, index] =
    kind === 'week'
      ? [iso.year, iso.week]
      : [first.year, kind === 'month' ? first.month : Math.floor((first.month - 1) / 3) + 1];
  return { kind, timezone, first, start: midnight(first, timezone), end: midnight(next, timezone), year, index };
}

/** The period of `kind` that holds `instant`, in `timezone`. */
export function periodAt(kind: PeriodKind, instant: Date, timezone: string): Period {
  const today = localParts(instant, timezone);
  const date: CivilDate = { year: today.year, month: today.month, day: today.day };
  if (kind === 'week') return periodFrom(kind, addDays(date, 1 - today.weekday), timezone);
  const month = kind === 'month' ? date.month : Math.floor((date.month - 1) / 3) * 3 + 1;
  return periodFrom(kind, { year: date.year, month, day: 1 }, timezone);
}

/** The period `steps` periods after (negative: before) this one. */
export function shiftPeriod(period: Period, steps: number): Period {
  const first =
    period.kind === 'week'
      ? addDays(period.first, 7 * steps)
      : addMonths(period.first, steps * (period.kind === 'month' ? 1 : 3));
  return periodFrom(period.kind, first, period.timezone);
}

/** A calendar month, e.g. for `/stats export 2026-03`. */
export function monthPeriod(year: number, month: number, timezone: string): Period {
  return periodFrom('month', { year, month, day: 1 }, timezone);
}

/** `2026-03` → year and month, or null. */
export function parseMonth(text: string): { year: number; month: number } | null {
  const m = /^\s*(\d{4})-(\d{1,2})\s*$/.exec(text);
  const year = Number(m?.[1]);
  const month = Number(m?.[2]);
  return m && month >= 1 && month <= 12 && year >= 2000 && year <= 2999 ? { year, month } : null;
}

/** `count` consecutive periods ending with `last` (oldest first). */
export function periodsEndingWith(last: Period, count: number): Period[] {
  return Array.from({ length: count }, (_, i) => shiftPeriod(last, i - count + 1));
}
