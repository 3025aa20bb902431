import { sql } from 'drizzle-orm';
import type { InsightDimension, InsightGroup } from '../../src/domain/stats-insights.ts';
import { type Db, rowsOf } from '../client.ts';
import { num } from './sql-parts.ts';

/**
 * Median engagement (reactions + comments + shares + clicks, a missing one as 0) per published post
 * with at least one reported figure, grouped by campaign, network, and the weekday and hour of
 * publication in the workspace's timezone. draft_results carries the publication's campaign,
 * networks and time, so nothing else is read.
 */
export async function insightGroups(
  db: Db,
  workspaceId: string,
  timezone: string,
): Promise<{ posts: number; groups: InsightGroup[] }> {
  const rows = rowsOf<{ dimension: string; key: string | null; posts: unknown; median: unknown }>(
    await db.execute(sql`
      with posts as (
        select campaign, networks, (published_at at time zone ${timezone}) as local_at,
               coalesce(reactions, 0) + coalesce(comments, 0) + coalesce(shares, 0) + coalesce(clicks, 0) as engagement
        from draft_results
        where workspace_id = ${workspaceId}::uuid and num_nonnulls(reactions, comments, shares, clicks) > 0
      ),
      grouped as (
        select 'campaign' as dimension, campaign as key, engagement from posts
        union all
        select 'network', n.network, engagement from posts, jsonb_array_elements_text(networks) as n(network)
        union all
        select 'weekday', extract(isodow from local_at)::int::text, engagement from posts
        union all
        select 'hour', extract(hour from local_at)::int::text, engagement from posts
      )
      select dimension, key, count(*)::int as posts,
             percentile_cont(0.5) within group (order by engagement)::float8 as median
      from grouped group by dimension, key
      union all
      select 'total', null, count(*)::int, null from posts`),
  );
  return {
    posts: num(rows.find((r) => r.dimension === 'total')?.posts),
    groups: rows
      .filter((r) => r.dimension !== 'total')
      .map((r) => ({
        dimension: r.dimension as InsightDimension,
        key: r.key,
        posts: num(r.posts),
        medianEngagement: num(r.median),
      })),
  };
}
