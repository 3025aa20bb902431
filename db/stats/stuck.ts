import { sql } from 'drizzle-orm';
import type { LateDraft, StuckNow } from '../../src/domain/stats-figures.ts';
import type { StatsScope } from '../../src/ports.ts';
import { type Db, rowsOf } from '../client.ts';
import { campaignJoin, date, num, ts } from './sql-parts.ts';

type Row = { number: unknown; since: unknown; total: unknown };

const late = (rows: Row[]): { count: number; oldest: LateDraft[] } => ({
  count: num(rows[0]?.total),
  oldest: rows.map((r) => ({ number: num(r.number), since: date(r.since) })),
});

/**
 * What is stuck at `now`: drafts waiting for review longer than the delay (since they last entered
 * review: submitted or edited), approved drafts whose planned time has passed, failing sources.
 */
export async function stuckNow(
  db: Db,
  scope: StatsScope,
  opts: { now: Date; reviewDelayHours: number; failingSince: Date; limit: number },
): Promise<StuckNow> {
  const ws = sql`${scope.workspaceId}::uuid`;
  const waitingSince = new Date(opts.now.getTime() - opts.reviewDelayHours * 3_600_000);
  const inReview = rowsOf<Row>(
    await db.execute(sql`
      select d.number, w.since, count(*) over () as total
      from drafts d ${campaignJoin(scope, sql`d`)}
      cross join lateral (
        select max(e.at) as since from draft_events e where e.draft_id = d.id and e.kind in ('submitted', 'edited')
      ) w
      where d.workspace_id = ${ws} and d.state = 'in_review' and w.since <= ${ts(waitingSince)}
      order by w.since, d.number limit ${opts.limit}`),
  );
  const notPublished = rowsOf<Row>(
    await db.execute(sql`
      select d.number, r.planned_at as since, count(*) over () as total
      from drafts d ${campaignJoin(scope, sql`d`)}
      join draft_revisions r on r.draft_id = d.id and r.revision = d.revision
      where d.workspace_id = ${ws} and d.state = 'approved' and r.planned_at <= ${ts(opts.now)}
      order by r.planned_at, d.number limit ${opts.limit}`),
  );
  const failing = rowsOf<{ title: string; total: unknown }>(
    await db.execute(sql`
      select title, count(*) over () as total from veille_sources
      where workspace_id = ${ws} and failing_since <= ${ts(opts.failingSince)}
      order by failing_since, id limit ${opts.limit}`),
  );
  return {
    inReview: late(inReview),
    notPublished: late(notPublished),
    failingSources: { count: num(failing[0]?.total), titles: failing.map((f) => f.title) },
  };
}
