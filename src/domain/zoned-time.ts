/** Wall-clock times in an IANA timezone ↔ UTC instants, with Intl only (no tz database of our own). */

const formatters = new Map<string, Intl.DateTimeFormat>();

/** A zone's wall-clock fields at an instant (Intl, one cached formatter per zone). */
function wallClock(instant: Date, timeZone: string): Record<string, string> {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return Object.fromEntries(f.formatToParts(instant).map((x) => [x.type, x.value]));
}

/** The zone's offset from UTC at this instant, in milliseconds. */
export function offsetMs(instant: number, timeZone: string): number {
  const p = wallClock(new Date(instant), timeZone);
  const asUtc = Date.UTC(
    Number(p.year),
    Number(p.month) - 1,
    Number(p.day),
    Number(p.hour),
    Number(p.minute),
    Number(p.second),
  );
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * `2026-12-01 09:30` read in `timeZone` → the UTC instant. In a DST gap the time moves forward
 * (02:30 on a spring-forward night is 03:30); in an overlap the earlier instant is taken.
 */
export function zonedToUtc(
  local: { year: number; month: number; day: number; hour: number; minute: number },
  timeZone: string,
): Date {
  const guess = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  // The zone's offsets half a day before and after: any change that day lies between them.
  const before = offsetMs(guess - 43_200_000, timeZone);
  const after = offsetMs(guess + 43_200_000, timeZone);
  const valid = [guess - before, guess - after].filter((t) => offsetMs(t, timeZone) === guess - t);
  // Both valid: the time happens twice (autumn), take the first. None: it never happens (spring),
  // read it with the offset from before the change, which lands after the gap.
  return new Date(valid.length ? Math.min(...valid) : guess - before);
}

/** `YYYY-MM-DD HH:mm` (or with `T`) → its parts, or null. */
export function parseLocalDateTime(
  text: string,
): { year: number; month: number; day: number; hour: number; minute: number } | null {
  const m = /^\s*(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2})[:h](\d{2})\s*$/.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCDate() !== day) return null;
  return { year, month, day, hour, minute };
}

/** An instant as the reader's wall clock, in their language. */
export function formatInZone(instant: Date, timeZone: string, locale: string): string {
  return `${new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
    timeZone,
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(instant)} (${timeZone})`;
}

/** The instant as `YYYY-MM-DD HH:mm` in a timezone, to prefill a form. */
export function toLocalInput(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** An instant as a timezone's wall clock: date, minutes after midnight, ISO weekday (1 = Monday), `YYYY-MM-DD`. */
export function localParts(
  instant: Date,
  timeZone: string,
): { year: number; month: number; day: number; minutes: number; weekday: number; key: string } {
  const p = wallClock(instant, timeZone);
  return {
    year: Number(p.year),
    month: Number(p.month),
    day: Number(p.day),
    minutes: Number(p.hour) * 60 + Number(p.minute),
    weekday: WEEKDAYS[p.weekday ?? 'Mon'] ?? 1,
    key: `${p.year}-${p.month}-${p.day}`,
  };
}

const DAY_NAMES: Record<string, number> = {
  mon: 1,
  tue: 2,
  wed: 3,
  thu: 4,
  fri: 5,
  sat: 6,
  sun: 7,
  lun: 1,
  mar: 2,
  mer: 3,
  jeu: 4,
  ven: 5,
  sam: 6,
  dim: 7,
};

/** `mon`…`sun` or `lun`…`dim` (any case, first three letters) → ISO weekday; undefined otherwise. */
export function dayNumber(name: string): number | undefined {
  return DAY_NAMES[name.toLowerCase().slice(0, 3)];
}

/** Minutes after midnight as `HH:MM`. */
export function formatMinutes(m: number): string {
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}
