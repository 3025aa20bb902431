import type { Locale } from './catalog.ts';

/** Days, hours and zones as a reader says them: "Mon–Fri", "lun.–ven.", "New York", never "1,2,3,4,5". */

const intlLocale = (locale: Locale) => (locale === 'fr' ? 'fr-FR' : 'en-GB');

/** ISO weekday (1 = Monday) as its short name: `Mon`, `lun.`. */
function shortDay(isoWeekday: number, locale: Locale): string {
  // 1 January 2024 was a Monday.
  return new Intl.DateTimeFormat(intlLocale(locale), { weekday: 'short', timeZone: 'UTC' }).format(
    Date.UTC(2024, 0, isoWeekday),
  );
}

/** ISO weekdays as names: a run of three or more as a range (`Mon–Fri`), others listed (`Mon, Wed`). */
export function formatWeekdays(days: readonly number[], locale: Locale): string {
  const set = [...new Set(days)].filter((d) => d >= 1 && d <= 7);
  if (set.length === 7) return locale === 'fr' ? 'tous les jours' : 'every day';
  // Start a run after a day off, so a week such as Sat–Mon reads as one range.
  const start = set.find((d) => !set.includes(d === 1 ? 7 : d - 1)) ?? set[0];
  if (start === undefined) return '';
  const ordered: number[] = [];
  for (let i = 0, d = start; i < 7; i++, d = (d % 7) + 1) if (set.includes(d)) ordered.push(d);
  const contiguous = ordered.every((d, i) => i === 0 || d === (ordered[i - 1]! % 7) + 1);
  if (contiguous && ordered.length >= 3)
    return `${shortDay(ordered[0]!, locale)}–${shortDay(ordered[ordered.length - 1]!, locale)}`;
  return ordered.map((d) => shortDay(d, locale)).join(', ');
}

/** `America/New_York` → `New York`, the name people say; zones without a city stay as they are. */
export function zoneName(timezone: string): string {
  const city = timezone.split('/').at(-1) ?? timezone;
  return timezone.includes('/') ? city.replaceAll('_', ' ') : timezone;
}

/** A day for one reader, in their zone and language: `Wed 2 Dec`, `mer. 2 déc.`. */
export function formatDay(instant: Date, timezone: string, locale: Locale): string {
  return new Intl.DateTimeFormat(intlLocale(locale), {
    timeZone: timezone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
  }).format(instant);
}
