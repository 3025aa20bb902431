import { MIN_ITEMS } from './stats-figures.ts';

/**
 * What does best for this team, from the results authors reported after publication: groups of
 * posts (by campaign, network, weekday, hour) ranked by median engagement per post. A group
 * resting on fewer than MIN_ITEMS posts is never ranked; it is only counted as waiting.
 */

export const INSIGHT_DIMENSIONS = ['campaign', 'network', 'weekday', 'hour'] as const;
export type InsightDimension = (typeof INSIGHT_DIMENSIONS)[number];

/** One group as measured: its key (a campaign, `linkedin`, ISO weekday `1`…`7`, hour `0`…`23`; null for no campaign). */
export interface InsightGroup {
  dimension: InsightDimension;
  key: string | null;
  /** Median of reactions + comments + shares + clicks per post. */
  medianEngagement: number;
  posts: number;
}

interface RankedDimension {
  ranked: InsightGroup[];
  /** Groups left out for resting on fewer than MIN_ITEMS posts. */
  tooFew: number;
}

export interface Insights {
  /** Posts with at least one reported figure: what every group is drawn from. */
  posts: number;
  dimensions: Record<InsightDimension, RankedDimension>;
}

/** Best first; on equal medians the group resting on more posts first, then by key for a stable order. */
export function rankInsights(groups: InsightGroup[], posts: number): Insights {
  const dimensions = Object.fromEntries(
    INSIGHT_DIMENSIONS.map((dimension) => {
      const mine = groups.filter((g) => g.dimension === dimension);
      const ranked = mine
        .filter((g) => g.posts >= MIN_ITEMS)
        .sort(
          (a, b) =>
            b.medianEngagement - a.medianEngagement || b.posts - a.posts || String(a.key).localeCompare(String(b.key)),
        );
      return [dimension, { ranked, tooFew: mine.length - ranked.length }];
    }),
  ) as Record<InsightDimension, RankedDimension>;
  return { posts, dimensions };
}
