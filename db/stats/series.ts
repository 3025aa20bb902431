import { sql } from 'drizzle-orm';
import type { SeriesCounts } from '../../src/ports.ts';
import { type Db, rowsOf } from '../client.ts';
import { num, ofWorkspace, ts, tsArray } from './sql-parts.ts';

/**
 * Drafts by outcome and prompts per interval between consecutive `bounds` (the weekly report's
 * 12 weeks), each row placed by width_bucket. Events come from draft_events_at alone and are
 * folded to one row per week and draft before the workspace is checked; prompts from
 * prompts_workspace_sent.
 */
export async function seriesCounts(db: Db, workspaceId: string, bounds: Date[]): Promise<SeriesCounts[]> {
  const first = bounds[0];
  const last = bounds.at(-1);
  if (!first || !last || bounds.length < 2) return [];
  const edges = tsArray(bounds);
  const drafts = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      with per_draft as (
        select width_bucket(e.at, ${edges}) as bucket, e.draft_id,
               count(*) filter (where e.kind = 'submitted') as submitted,
               bool_or(e.to_state = 'approved') as approved,
               bool_or(e.to_state = 'rejected') as rejected,
               bool_or(e.to_state = 'withdrawn') as withdrawn,
               bool_or(e.to_state = 'published') as published
        from draft_events e
        where e.at >= ${ts(first)} and e.at < ${ts(last)}
          and (e.kind = 'submitted' or e.to_state in ('approved', 'rejected', 'withdrawn', 'published'))
        group by 1, 2
      )
      select p.bucket, sum(p.submitted)::int as submitted,
             count(*) filter (where p.approved)::int as approved,
             count(*) filter (where p.rejected)::int as rejected,
             count(*) filter (where p.withdrawn)::int as withdrawn,
             count(*) filter (where p.published)::int as published
      from per_draft p
      where exists (${ofWorkspace({ workspaceId, campaign: null }, sql`p.draft_id`)})
      group by p.bucket`),
  );
  const prompts = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select width_bucket(sent_at, ${edges}) as bucket, count(*)::int as sent,
             (count(*) filter (where status = 'shared'))::float8 / count(*) as share_rate
      from prompts
      where workspace_id = ${workspaceId}::uuid and sent_at >= ${ts(first)} and sent_at < ${ts(last)}
      group by bucket`),
  );
  return bounds.slice(1).map((_, i) => {
    const d = drafts.find((r) => num(r.bucket) === i + 1) ?? {};
    const p = prompts.find((r) => num(r.bucket) === i + 1) ?? {};
    return {
      submitted: num(d.submitted),
      approved: num(d.approved),
      rejected: num(d.rejected),
      withdrawn: num(d.withdrawn),
      published: num(d.published),
      promptsSent: num(p.sent),
      shareRate: p.share_rate === undefined || p.share_rate === null ? null : Number(p.share_rate),
    };
  });
}
