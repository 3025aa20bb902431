import type { WeekPoint } from '../domain/stats-figures.ts';
import type { Locale, Translate } from '../i18n/catalog.ts';
import type { WeeklyChart } from '../ports.ts';
import { formatPercent } from './stats-format.ts';

const OUTCOMES = ['approved', 'rejected', 'withdrawn', 'published'] as const;

/** The weekly report's chart as data: drafts per week by outcome, and the share rate in %. */
export function weeklyChart(weeks: WeekPoint[], t: Translate): WeeklyChart {
  return {
    title: t('report.chart.title', { count: weeks.length }),
    weeks: weeks.map((w) => t('report.chart.week', { week: w.week })),
    bars: OUTCOMES.map((o) => ({ name: t(`stats.${o}`), values: weeks.map((w) => w[o]) })),
    line: {
      name: t('stats.share-rate'),
      values: weeks.map((w) => (w.shareRate.value === null ? null : Math.round(w.shareRate.value * 1000) / 10)),
    },
  };
}

/** The chart in words, for screen readers and wherever the image does not show. */
export function weeklyChartAlt(weeks: WeekPoint[], t: Translate, locale: Locale): string {
  const first = weeks[0];
  const last = weeks.at(-1);
  if (!first || !last) return t('report.chart.title', { count: 0 });
  const totals = OUTCOMES.map((o) => `${t(`stats.${o}`)} ${weeks.reduce((n, w) => n + w[o], 0)}`).join(', ');
  const lastWeek = OUTCOMES.map((o) => `${t(`stats.${o}`)} ${last[o]}`).join(', ');
  const rates = weeks.flatMap((w) => (w.shareRate.value === null ? [] : [w.shareRate.value]));
  const share =
    rates.length === 0
      ? t('report.chart.alt-no-share')
      : t('report.chart.alt-share', {
          min: formatPercent(Math.min(...rates), locale),
          max: formatPercent(Math.max(...rates), locale),
          last: last.shareRate.value === null ? '—' : formatPercent(last.shareRate.value, locale),
        });
  return t('report.chart.alt', {
    count: weeks.length,
    from: first.week,
    to: last.week,
    totals,
    last: lastWeek,
    share,
  });
}
