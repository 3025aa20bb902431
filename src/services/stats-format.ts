import { isThin, type Measure } from '../domain/stats-figures.ts';
import { addDays, type Period } from '../domain/stats-period.ts';
import type { Locale, Translate } from '../i18n/catalog.ts';

/** How figures read in each language: numbers, rates, durations, periods. Pure. */

const intlLocale = (locale: Locale) => (locale === 'fr' ? 'fr-FR' : 'en-GB');

export function formatNumber(value: number, locale: Locale, digits = 1): string {
  return new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: digits }).format(value);
}

export function formatPercent(value: number, locale: Locale): string {
  return new Intl.NumberFormat(intlLocale(locale), { style: 'percent', maximumFractionDigits: 0 }).format(value);
}

/** `45 min`, `3 h 20 min`, `2 d 4 h`: precise enough for review times. */
export function formatDuration(ms: number, t: Translate): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 60) return t('stats.duration.minutes', { m: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return t('stats.duration.hours', { h: hours, m: minutes % 60 });
  return t('stats.duration.days', { d: Math.floor(hours / 24), h: hours % 24 });
}

/** `+3`, `−2`, `±0`. */
function formatChange(delta: number, locale: Locale): string {
  if (delta === 0) return '±0';
  return `${delta > 0 ? '+' : '−'}${formatNumber(Math.abs(delta), locale)}`;
}

/** A derived figure: its value, or "nothing to measure"; when it rests on too few items, it says so. */
export function formatMeasure(m: Measure, show: (v: number) => string, t: Translate): string {
  if (m.value === null) return t('stats.nothing');
  const text = show(m.value);
  return isThin(m) ? t('stats.thin', { value: text, count: m.basis }) : text;
}

/** A count beside the previous period's, with the change. */
export function countBeside(current: number, previous: number, t: Translate, locale: Locale): string {
  return t('stats.beside-change', {
    value: formatNumber(current, locale),
    previous: formatNumber(previous, locale),
    change: formatChange(current - previous, locale),
  });
}

/** A derived figure beside the previous period's; "nothing to measure" once when neither has a value. */
export function measureBeside(current: Measure, previous: Measure, show: (v: number) => string, t: Translate): string {
  if (current.value === null && previous.value === null) return t('stats.nothing');
  return t('stats.beside', {
    value: formatMeasure(current, show, t),
    previous: previous.value === null ? t('stats.nothing') : show(previous.value),
  });
}

/** `week 13, 2026 (23–29 Mar)`, `March 2026`, `Q1 2026`. */
export function periodLabel(p: Period, t: Translate, locale: Locale): string {
  const day = (d: { year: number; month: number; day: number }) =>
    new Intl.DateTimeFormat(intlLocale(locale), { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(
      Date.UTC(d.year, d.month - 1, d.day),
    );
  if (p.kind === 'week')
    return t('stats.period.week', { week: p.index, year: p.year, from: day(p.first), to: day(addDays(p.first, 6)) });
  if (p.kind === 'quarter') return t('stats.period.quarter', { quarter: p.index, year: p.year });
  return new Intl.DateTimeFormat(intlLocale(locale), { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    Date.UTC(p.year, p.index - 1, 15),
  );
}

/** A short local date and time, e.g. for "since". */
export function formatWhen(instant: Date, timeZone: string, locale: Locale): string {
  return new Intl.DateTimeFormat(intlLocale(locale), {
    timeZone,
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(instant);
}

/** ISO weekday (1 = Monday) as its name. */
export function weekdayName(isoWeekday: number, locale: Locale): string {
  // 1 January 2024 was a Monday.
  return new Intl.DateTimeFormat(intlLocale(locale), { weekday: 'long', timeZone: 'UTC' }).format(
    Date.UTC(2024, 0, isoWeekday),
  );
}

/** `09:00–10:00`. */
export function hourRange(hour: number): string {
  const hh = (h: number) => `${String(h % 24).padStart(2, '0')}:00`;
  return `${hh(hour)}–${hh(hour + 1)}`;
}
