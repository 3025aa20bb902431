import { sql } from 'drizzle-orm';
import type { AmbassadorFigures } from '../../src/domain/stats-figures.ts';
import type { StatsScope } from '../../src/ports.ts';
import { type Db, rowsOf } from '../client.ts';
import { campaignJoin, measure, num, ts } from './sql-parts.ts';

/**
 * Prompts sent in [start, end) and answers given in it (prompts_workspace_sent and
 * prompts_workspace_answered), the ambassadors active during it, and the five who shared most.
 */
export async function ambassadorFigures(db: Db, scope: StatsScope, start: Date, end: Date): Promise<AmbassadorFigures> {
  const inPeriod = (column: string) => sql`(${sql.raw(column)} >= ${ts(start)} and ${sql.raw(column)} < ${ts(end)})`;
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      with p as (
        select p.user_id, p.status, ${inPeriod('p.sent_at')} as sent_in, ${inPeriod('p.answered_at')} as answered_in
        from prompts p
        ${scope.campaign ? sql`join drafts d on d.id = p.draft_id ${campaignJoin(scope, sql`d`)}` : sql``}
        where p.workspace_id = ${scope.workspaceId}::uuid and (${inPeriod('p.sent_at')} or ${inPeriod('p.answered_at')})
      ),
      active as (
        select user_id from ambassadors
        where workspace_id = ${scope.workspaceId}::uuid and joined_at < ${ts(end)} and (active or stopped_at >= ${ts(start)})
      ),
      sharers as (select distinct user_id from p where status = 'shared' and answered_in),
      totals as (
        select count(*) filter (where sent_in)::int as sent,
               count(*) filter (where sent_in and status = 'shared')::int as sent_shared,
               count(*) filter (where answered_in and status = 'shared')::int as shares,
               count(*) filter (where answered_in and status = 'skipped')::int as skips
        from p
      ),
      people as (
        select (select count(*) from active)::int as active,
               (select count(*) from sharers s join active a using (user_id))::int as participants
      ),
      top as (
        select user_id, count(*)::int as shares from p where status = 'shared' and answered_in
        group by user_id order by shares desc, user_id limit 5
      )
      select 'totals' as part, t.sent, t.sent_shared, t.shares, t.skips,
             t.sent_shared::float8 / nullif(t.sent, 0) as share_rate,
             pe.active, pe.participants, pe.participants::float8 / nullif(pe.active, 0) as participation,
             null::text as user_id
      from totals t, people pe
      union all
      select 'top', null, null, shares, null, null, null, null, null, user_id from top`),
  );
  const t = rows.find((r) => r.part === 'totals') ?? {};
  return {
    promptsSent: num(t.sent),
    shares: num(t.shares),
    skips: num(t.skips),
    shareRate: measure(t.share_rate, t.sent),
    participation: measure(t.participation, t.active),
    top: rows
      .filter((r) => r.part === 'top')
      .map((r) => ({ userId: String(r.user_id), shares: num(r.shares) }))
      .sort((a, b) => b.shares - a.shares || a.userId.localeCompare(b.userId)),
  };
}
