import { draftRef } from '../domain/draft.ts';
import type { LateDraft, Measure, PeriodFigures, StuckNow } from '../domain/stats-figures.ts';
import type { Locale, Translate } from '../i18n/catalog.ts';
import { bold, context, divider, header, message, section } from '../message/build.ts';
import type { Block, Field, Message, Span } from '../message/model.ts';
import type { StatsReport } from './stats.ts';
import {
  countBeside,
  formatDuration,
  formatNumber,
  formatPercent,
  formatWhen,
  measureBeside,
  periodLabel,
} from './stats-format.ts';

/** The /stats card (and the weekly report's figures): each figure beside the previous period's. */

/**
 * A titled group of figures as one block of lines, so the title stays above its figures on every
 * platform (Discord would gather field blocks at the end of the embed, away from their titles).
 */
function group(title: string, list: Field[], t: Translate): Block {
  return section([
    bold(title),
    ...list.flatMap((f): Span[] => [
      { text: '\n' },
      // The space outside the bold: Markdown renderers drop bold that ends in a space.
      bold(t('stats.label', { label: f.label })),
      { text: ' ' },
      ...(typeof f.value === 'string' ? [{ text: f.value }] : f.value),
    ]),
  ]);
}

export interface CardOptions {
  t: Translate;
  locale: Locale;
  timezone: string;
  reviewDelayHours: number;
}

function draftFields(cur: PeriodFigures, prev: PeriodFigures, o: CardOptions): Field[] {
  const { t, locale } = o;
  const c = cur.drafts;
  const p = prev.drafts;
  const count = (a: number, b: number) => countBeside(a, b, t, locale);
  const pct = (v: number) => formatPercent(v, locale);
  const dur = (v: number) => formatDuration(v, t);
  const wait = (median: [Measure, Measure], p90: [Measure, Measure]) =>
    median[0].value === null && median[1].value === null
      ? t('stats.nothing')
      : t('stats.median-p90', {
          median: measureBeside(median[0], median[1], dur, t),
          p90: measureBeside(p90[0], p90[1], dur, t),
        });
  return [
    { label: t('stats.submitted'), value: count(c.submitted, p.submitted) },
    { label: t('stats.approved'), value: count(c.approved, p.approved) },
    { label: t('stats.rejected'), value: count(c.rejected, p.rejected) },
    { label: t('stats.withdrawn'), value: count(c.withdrawn, p.withdrawn) },
    { label: t('stats.published'), value: count(c.published, p.published) },
    { label: t('stats.approval-rate'), value: measureBeside(c.approvalRate, p.approvalRate, pct, t) },
    {
      label: t('stats.rounds'),
      value: measureBeside(c.roundsPerDraft, p.roundsPerDraft, (v) => formatNumber(v, locale), t),
    },
    {
      label: t('stats.first-decision'),
      value: wait([c.firstDecisionMedianMs, p.firstDecisionMedianMs], [c.firstDecisionP90Ms, p.firstDecisionP90Ms]),
    },
    {
      label: t('stats.approval-time'),
      value: wait([c.approvalMedianMs, p.approvalMedianMs], [c.approvalP90Ms, p.approvalP90Ms]),
    },
  ];
}

function lateList(list: LateDraft[], o: CardOptions): string {
  return list
    .map((d) => o.t('stats.stuck.since', { ref: draftRef(d.number), when: formatWhen(d.since, o.timezone, o.locale) }))
    .join(', ');
}

function stuckFields(stuck: StuckNow, o: CardOptions): Field[] {
  const { t } = o;
  const named = (count: number, names: string) => (count ? `${count} — ${names}` : '0');
  return [
    {
      label: t('stats.stuck.in-review', { hours: o.reviewDelayHours }),
      value: named(stuck.inReview.count, lateList(stuck.inReview.oldest, o)),
    },
    {
      label: t('stats.stuck.not-published'),
      value: named(stuck.notPublished.count, lateList(stuck.notPublished.oldest, o)),
    },
    {
      label: t('stats.stuck.failing'),
      value: named(stuck.failingSources.count, stuck.failingSources.titles.join(', ')),
    },
  ];
}

function ambassadorBlocks(cur: PeriodFigures, prev: PeriodFigures, o: CardOptions): Block[] {
  const { t, locale } = o;
  const c = cur.ambassadors;
  const p = prev.ambassadors;
  const pct = (v: number) => formatPercent(v, locale);
  const top: Span[] = c.top.length
    ? c.top.flatMap((a, i): Span[] => [
        { text: `${i ? '\n' : ''}${i + 1}. ` },
        { user: a.userId },
        { text: ` — ${formatNumber(a.shares, locale)}` },
      ])
    : [{ text: t('stats.top-none') }];
  return [
    group(
      t('stats.ambassadors'),
      [
        { label: t('stats.prompts-sent'), value: countBeside(c.promptsSent, p.promptsSent, t, locale) },
        { label: t('stats.shares'), value: countBeside(c.shares, p.shares, t, locale) },
        { label: t('stats.skips'), value: countBeside(c.skips, p.skips, t, locale) },
        { label: t('stats.share-rate'), value: measureBeside(c.shareRate, p.shareRate, pct, t) },
        { label: t('stats.participation'), value: measureBeside(c.participation, p.participation, pct, t) },
      ],
      t,
    ),
    section([bold(t('stats.top')), { text: '\n' }, ...top]),
  ];
}

/** The figures of a report as blocks, without title: the /stats card and the weekly report share them. */
function figuresBlocks(report: StatsReport, o: CardOptions): Block[] {
  const { t, locale } = o;
  const { current: cur, before: prev } = report;
  return [
    group(t('stats.drafts'), draftFields(cur, prev, o), t),
    group(t('stats.stuck'), stuckFields(report.stuck, o), t),
    group(
      t('stats.veille'),
      [
        {
          label: t('stats.stories-shown'),
          value: countBeside(cur.veille.storiesShown, prev.veille.storiesShown, t, locale),
        },
        {
          label: t('stats.stories-drafted'),
          value: countBeside(cur.veille.storiesDrafted, prev.veille.storiesDrafted, t, locale),
        },
      ],
      t,
    ),
    ...ambassadorBlocks(cur, prev, o),
  ];
}

/** `/stats`: a private card. */
export function statsCard(report: StatsReport, o: CardOptions): Message {
  const { t, locale } = o;
  const label = periodLabel(report.period, t, locale);
  const toDate = report.now.getTime() < report.period.end.getTime();
  const title = t('stats.title', { period: toDate ? t('stats.to-date', { period: label }) : label });
  const about = [
    t('stats.compared', { previous: periodLabel(report.previous, t, locale), timezone: o.timezone }),
    ...(report.campaign ? [t('stats.campaign', { campaign: report.campaign })] : []),
  ].join(' · ');
  return message([header(title), context(about), divider(), ...figuresBlocks(report, o)], {
    visibility: 'only-you',
    text: title,
  });
}
