/**
 * Dates as feeds write them → a Date, or null when unknown. Strict patterns, not `Date.parse`,
 * whose legacy fallback turns garbage such as "Note 1" into 2001-01-01.
 *
 * - RFC 822/1123 (`pubDate`): optional day name in any language, 2- or 4-digit year, seconds
 *   optional, numeric zones with or without a colon, named zones (GMT, EST, CEST, JST…), unknown
 *   named zones read as UTC, month names in English, French, German, Spanish, Italian and
 *   Portuguese; also the `Jun 10, 2003 04:00:00 GMT` and JavaScript `Date#toString` orders.
 * - ISO 8601 / RFC 3339 / W3C-DTF (Atom, `dc:date`, JSON Feed): date, or date and time with
 *   optional seconds, fraction and zone (UTC when absent); `YYYY-MM` is the month's first day.
 * - Dates before 1991 (no web feed is that old: usually a zero timestamp) or more than two days
 *   after `now` are taken as unknown, never clamped to "now".
 */

const FUTURE_SLACK_MS = 2 * 24 * 3600 * 1000;
const EARLIEST_MS = Date.UTC(1991, 0, 1);

const MONTHS: Record<string, number> = {
  jan: 1,
  ene: 1,
  gen: 1,
  feb: 2,
  fev: 2,
  mar: 3,
  mrz: 3,
  apr: 4,
  avr: 4,
  abr: 4,
  may: 5,
  mai: 5,
  mag: 5,
  jun: 6,
  giu: 6,
  juin: 6,
  jul: 7,
  lug: 7,
  juil: 7,
  aug: 8,
  aou: 8,
  ago: 8,
  sep: 9,
  set: 9,
  oct: 10,
  okt: 10,
  ott: 10,
  out: 10,
  nov: 11,
  dec: 12,
  dez: 12,
  dic: 12,
};

/** Offsets in minutes east of UTC. */
const ZONES: Record<string, number> = {
  z: 0,
  ut: 0,
  utc: 0,
  gmt: 0,
  wet: 0,
  est: -300,
  edt: -240,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
  akst: -540,
  akdt: -480,
  hst: -600,
  ast: -240,
  adt: -180,
  nst: -210,
  ndt: -150,
  cet: 60,
  cest: 120,
  met: 60,
  mest: 120,
  west: 60,
  bst: 60,
  eet: 120,
  eest: 180,
  msk: 180,
  hkt: 480,
  sgt: 480,
  awst: 480,
  jst: 540,
  kst: 540,
  acst: 570,
  aest: 600,
  aedt: 660,
  nzst: 720,
  nzdt: 780,
};

const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?`;
const ZONE = String.raw`([+-]\d{2}:?\d{2}|[+-]\d{1,2}|[a-z]{1,5}(?:[+-]\d{1,2}(?::?\d{2})?)?)`;
const DAY_NAME = String.raw`(?:[^\d\s,.]+(?:[,.]+\s*|\s+))?`;
const MONTH = String.raw`([^\d\s,.\-/]{3,})\.?`;
const TAIL = String.raw`(?:\s*\([^)]*\))?\s*$`;

/** `Tue, 10 Jun 2003 04:00:00 GMT`, `10-Jun-2003 04:00`. */
const RFC822 = new RegExp(
  String.raw`^\s*${DAY_NAME}(\d{1,2})[\s\-]+${MONTH}[\s\-]+(\d{4}|\d{2})(?:[\sT,]+${TIME})?(?:\s*${ZONE})?${TAIL}`,
  'i',
);
/** `Jun 10, 2003 04:00:00 GMT`, `Tue Jun 10 2003 04:00:00 GMT+0200 (CEST)`. */
const MONTH_FIRST = new RegExp(
  String.raw`^\s*${DAY_NAME}${MONTH}\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:[\sT,]+${TIME})?(?:\s*${ZONE})?${TAIL}`,
  'i',
);
const ISO =
  /^\s*(\d{4})-(\d{2})(?:-(\d{2})(?:[T\s]+(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?)?\s*$/i;

export function parseFeedDate(raw: string | undefined | null, now: Date): Date | null {
  if (!raw) return null;
  const text = raw.length > 100 ? raw.slice(0, 100) : raw;
  const date = parseIso(text) ?? parseRfc822(text);
  if (!date) return null;
  const ms = date.getTime();
  if (ms < EARLIEST_MS || ms > now.getTime() + FUTURE_SLACK_MS) return null;
  return date;
}

function parseIso(text: string): Date | null {
  const m = ISO.exec(text);
  if (!m) return null;
  const fraction = m[7] ? Number(`0.${m[7]}`) * 1000 : 0;
  return build(
    +m[1]!,
    +m[2]!,
    m[3] ? +m[3] : 1,
    m[4] ? +m[4] : 0,
    m[5] ? +m[5] : 0,
    m[6] ? +m[6] : 0,
    fraction,
    zoneOffset(m[8]),
  );
}

function parseRfc822(text: string): Date | null {
  let day: string | undefined, month: string | undefined, year: string | undefined, rest: (string | undefined)[];
  let m = RFC822.exec(text);
  if (m) [, day, month, year, ...rest] = m;
  else {
    m = MONTH_FIRST.exec(text);
    if (!m) return null;
    [, month, day, year, ...rest] = m;
  }
  if (!day || !month || !year) return null;
  const monthNumber = monthOf(month);
  if (!monthNumber) return null;
  let y = Number(year);
  if (year.length === 2) y += y < 50 ? 2000 : 1900;
  const [h, mi, s, zone] = rest;
  return build(y, monthNumber, Number(day), h ? +h : 0, mi ? +mi : 0, s ? +s : 0, 0, zoneOffset(zone));
}

function monthOf(name: string): number | undefined {
  const plain = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  return MONTHS[plain.slice(0, 4)] ?? MONTHS[plain.slice(0, 3)];
}

/** Minutes east of UTC; unknown names count as UTC. */
function zoneOffset(zone: string | undefined): number {
  if (!zone) return 0;
  const numeric = /^([a-z]*)([+-])(\d{1,2}):?(\d{2})?$/i.exec(zone);
  if (numeric) {
    const base = numeric[1] ? (ZONES[numeric[1].toLowerCase()] ?? 0) : 0;
    const sign = numeric[2] === '-' ? -1 : 1;
    return base + sign * (Number(numeric[3]) * 60 + Number(numeric[4] ?? 0));
  }
  return ZONES[zone.toLowerCase()] ?? 0;
}

function build(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  ms: number,
  offsetMinutes: number,
): Date | null {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 60 || Math.abs(offsetMinutes) > 18 * 60) return null;
  const utc = Date.UTC(y, mo - 1, d, h, mi, Math.min(s, 59), ms);
  if (new Date(utc).getUTCDate() !== d) return null; // 31 June, 29 February of a common year
  return new Date(utc - offsetMinutes * 60_000);
}
