import { sql } from 'drizzle-orm';
import type { StatsStore } from '../src/ports.ts';
import { type Db, rowsOf } from './client.ts';
import { createRetroStore } from './retro-store.ts';
import { ambassadorFigures } from './stats/ambassador-figures.ts';
import { draftFigures, veilleFigures } from './stats/draft-figures.ts';
import { exportRows } from './stats/export-rows.ts';
import { insightGroups } from './stats/insights.ts';
import { seriesCounts } from './stats/series.ts';
import { ts } from './stats/sql-parts.ts';
import { stuckNow } from './stats/stuck.ts';

/**
 * Runs reporting queries in one transaction with PostgreSQL's JIT compiler off (their estimated
 * costs pass jit_above_cost, and compiling them took seconds for queries that run in tens of
 * milliseconds: `npm run bench -- stats`) and room to sort and hash a period's events in memory.
 */
function reading<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local jit = off`);
    await tx.execute(sql`set local work_mem = '32MB'`);
    return fn(tx as unknown as Db);
  });
}

/** The core's StatsStore: the queries live in db/stats/, one file per kind of figure. */
export function createStatsStore(db: Db): StatsStore {
  return {
    ...createRetroStore(db),
    periodFigures: (scope, start, end) =>
      reading(db, async (tx) => ({
        drafts: await draftFigures(tx, scope, start, end),
        veille: await veilleFigures(tx, scope, start, end),
        ambassadors: await ambassadorFigures(tx, scope, start, end),
      })),
    stuck: (scope, opts) => reading(db, (tx) => stuckNow(tx, scope, opts)),
    series: (workspaceId, bounds) => reading(db, (tx) => seriesCounts(tx, workspaceId, bounds)),
    insightGroups: (workspaceId, timezone) => reading(db, (tx) => insightGroups(tx, workspaceId, timezone)),
    exportRows: (workspaceId, start, end) => reading(db, (tx) => exportRows(tx, workspaceId, start, end)),

    async reportWorkspaces() {
      const rows = rowsOf<{ workspace_id: string }>(
        await db.execute(sql`
          select workspace_id from workspace_settings
          where coalesce(data->>'reportChannel', '') <> '' order by workspace_id`),
      );
      return rows.map((r) => r.workspace_id);
    },

    async claimWeeklyReport(workspaceId, week, by, now) {
      const inserted = rowsOf<{ slot: string }>(
        await db.execute(sql`
          insert into schedule_claims (job, slot, claimed_by, claimed_at)
          values (${`report:${workspaceId}`}, ${week}, ${by}, ${ts(now)})
          on conflict do nothing returning slot`),
      );
      return inserted.length === 1;
    },

    async recordDigestStories(r) {
      if (r.itemIds.length === 0) return;
      await db.execute(sql`
        insert into digest_stories (workspace_id, channel_id, slot, item_id, shown_at)
        select ${r.workspaceId}::uuid, ${r.channelId}, ${r.slot}, id, ${ts(r.at)}
        from unnest(${`{${r.itemIds.join(',')}}`}::bigint[]) as id
        on conflict do nothing`);
    },

    async recordResult(r) {
      // The publication's campaign, networks and time are copied from the published draft.
      const x = r.result;
      const inserted = rowsOf<{ draft_id: string }>(
        await db.execute(sql`
          insert into draft_results (draft_id, workspace_id, answered_by, campaign, networks, published_at,
                                     reactions, comments, shares, clicks, worked, word, answered_at)
          select d.id, d.workspace_id, ${r.answeredBy}, v.campaign, v.networks, d.published_at,
                 ${x.reactions}::int, ${x.comments}::int, ${x.shares}::int, ${x.clicks}::int,
                 ${JSON.stringify(x.worked)}::jsonb, ${x.word}, ${ts(r.at)}
          from drafts d join draft_revisions v on v.draft_id = d.id and v.revision = d.revision
          where d.id = ${r.draftId}::uuid and d.workspace_id = ${r.workspaceId}::uuid and d.published_at is not null
          on conflict (draft_id) do nothing
          returning draft_id`),
      );
      return inserted.length === 1;
    },
  };
}
