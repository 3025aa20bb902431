import { NETWORK_LABELS, type Network } from '../domain/networks.ts';
import type { InsightDimension, InsightGroup, Insights } from '../domain/stats-insights.ts';
import { INSIGHT_DIMENSIONS } from '../domain/stats-insights.ts';
import type { Locale, Translate } from '../i18n/catalog.ts';
import { bold, context, header, message, section } from '../message/build.ts';
import type { Block, Message } from '../message/model.ts';
import { formatNumber, hourRange, weekdayName } from './stats-format.ts';

/** How many groups each ranking shows. */
const SHOWN = 5;

function groupName(g: InsightGroup, t: Translate, locale: Locale): string {
  if (g.dimension === 'campaign') return g.key ? `#${g.key}` : t('stats.insights.no-campaign');
  if (g.dimension === 'network') return NETWORK_LABELS[g.key as Network] ?? String(g.key);
  if (g.dimension === 'weekday') return weekdayName(Number(g.key), locale);
  return hourRange(Number(g.key));
}

const HEADINGS: Record<
  InsightDimension,
  'stats.insights.campaign' | 'stats.insights.network' | 'stats.insights.weekday' | 'stats.insights.hour'
> = {
  campaign: 'stats.insights.campaign',
  network: 'stats.insights.network',
  weekday: 'stats.insights.weekday',
  hour: 'stats.insights.hour',
};

/** `/stats insights`: each ranking best first, every figure with the posts it rests on. */
export function insightsMessage(insights: Insights, opts: { t: Translate; locale: Locale; timezone: string }): Message {
  const { t, locale } = opts;
  const title = t('stats.insights.title');
  if (insights.posts === 0)
    return message([header(title), section(t('stats.insights.none'))], { visibility: 'only-you' });
  const blocks: Block[] = [
    header(title),
    context(t('stats.insights.intro', { posts: insights.posts, timezone: opts.timezone })),
  ];
  for (const dimension of INSIGHT_DIMENSIONS) {
    const { ranked, tooFew } = insights.dimensions[dimension];
    const lines = ranked.slice(0, SHOWN).map((g, i) =>
      t('stats.insights.line', {
        rank: i + 1,
        name: groupName(g, t, locale),
        median: formatNumber(g.medianEngagement, locale),
        posts: g.posts,
      }),
    );
    if (lines.length === 0) lines.push(t('stats.insights.nothing-ranked'));
    if (tooFew) lines.push(t('stats.insights.too-few', { count: tooFew }));
    blocks.push(section([bold(t(HEADINGS[dimension])), { text: `\n${lines.join('\n')}` }]));
  }
  return message(blocks, { visibility: 'only-you', text: title });
}
