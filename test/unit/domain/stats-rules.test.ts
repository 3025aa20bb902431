import { describe, expect, it } from 'vitest';
import { isThin, MIN_ITEMS, ratio } from '../../../src/domain/stats-figures.ts';
import { type InsightGroup, rankInsights } from '../../../src/domain/stats-insights.ts';
import { translator } from '../../../src/i18n/catalog.ts';
import { formatDuration, formatMeasure, formatPercent } from '../../../src/services/stats-format.ts';

const g = (dimension: InsightGroup['dimension'], key: string | null, medianEngagement: number, posts: number) => ({
  dimension,
  key,
  medianEngagement,
  posts,
});

describe('the "fewer than three" rule', () => {
  it('a figure resting on fewer than three items says so; with nothing, it says there is nothing', () => {
    const t = translator('en');
    const pct = (v: number) => formatPercent(v, 'en');
    expect(MIN_ITEMS).toBe(3);
    expect(isThin(ratio(1, 2))).toBe(true);
    expect(formatMeasure(ratio(1, 2), pct, t)).toBe('50%, on 2 only: too few to judge');
    expect(formatMeasure(ratio(2, 3), pct, t)).toBe('67%');
    expect(formatMeasure(ratio(0, 0), pct, t)).toBe('nothing to measure');
    expect(formatMeasure(ratio(1, 2), (v) => formatPercent(v, 'fr'), translator('fr'))).toMatch(
      /^50[\u00a0\u202f]%, sur 2 seulement\u00a0: trop peu pour juger$/,
    );
  });

  it('durations read as minutes, hours or days', () => {
    const t = translator('en');
    expect([
      formatDuration(45 * 60_000, t),
      formatDuration(200 * 60_000, t),
      formatDuration(52 * 3_600_000, t),
    ]).toEqual(['45 min', '3 h 20 min', '2 d 4 h']);
  });

  it('insights rank best first and never on fewer than three posts', () => {
    const ranked = rankInsights(
      [
        g('network', 'linkedin', 16, 4),
        g('network', 'x', 8, 3),
        g('network', 'bluesky', 99, 2),
        g('hour', '9', 20, 3),
        g('hour', '17', 20, 5),
      ],
      9,
    );
    expect(ranked.posts).toBe(9);
    expect(ranked.dimensions.network.ranked.map((r) => r.key)).toEqual(['linkedin', 'x']);
    expect(ranked.dimensions.network.tooFew).toBe(1);
    // Equal medians: the one resting on more posts first.
    expect(ranked.dimensions.hour.ranked.map((r) => r.key)).toEqual(['17', '9']);
    expect(ranked.dimensions.campaign).toEqual({ ranked: [], tooFew: 0 });
  });
});
