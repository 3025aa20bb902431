import { sql } from 'drizzle-orm';
import type { DraftFigures, VeilleFigures } from '../../src/domain/stats-figures.ts';
import type { StatsScope } from '../../src/ports.ts';
import { type Db, rowsOf } from '../client.ts';
import { campaignJoin, measure, num, ofWorkspace, ts } from './sql-parts.ts';

const DECISIONS = sql`('approved', 'changes_requested', 'rejected')`;

/**
 * The drafts' figures of [start, end), from draft_events: the period's transitions, read from
 * draft_events_at alone (it carries draft_id, kind, to_state and at) and folded to one row per
 * draft before the workspace is checked (a primary-key lookup per draft). A draft submitted in
 * the period has its whole life in those events; for one submitted before and decided on in the
 * period, its life is read from draft_events_draft_life, to date its submission, first decision
 * and first approval and count its rounds of changes.
 */
export async function draftFigures(db: Db, scope: StatsScope, start: Date, end: Date): Promise<DraftFigures> {
  const [row] = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      with per_draft as (
        select e.draft_id,
               count(*) filter (where e.kind = 'submitted') as submitted,
               min(e.at) filter (where e.kind = 'submitted') as submitted_at,
               min(e.at) filter (where e.kind in ${DECISIONS}) as first_decision_at,
               min(e.at) filter (where e.to_state = 'approved') as first_approved_at,
               count(*) filter (where e.kind = 'changes_requested') as rounds,
               bool_or(e.to_state = 'approved') as approved,
               bool_or(e.to_state = 'rejected') as rejected,
               bool_or(e.to_state = 'withdrawn') as withdrawn,
               bool_or(e.to_state = 'published') as published,
               bool_or(e.kind in ${DECISIONS}) as reviewed
        from draft_events e
        where e.at >= ${ts(start)} and e.at < ${ts(end)}
          and e.kind in ('submitted', 'approved', 'changes_requested', 'rejected', 'withdrawn', 'published')
        group by e.draft_id
      ),
      mine as (
        select p.* from per_draft p where exists (${ofWorkspace(scope, sql`p.draft_id`)})
      ),
      life as (
        -- Submitted in the period: its whole life so far is in the period's events.
        select m.approved or m.rejected as decided, m.submitted_at, m.first_decision_at, m.first_approved_at, m.rounds
        from mine m where m.reviewed and m.submitted > 0
        union all
        select m.approved or m.rejected, l.*
        from mine m cross join lateral (
          select min(e.at) filter (where e.kind = 'submitted') as submitted_at,
                 min(e.at) filter (where e.kind in ${DECISIONS}) as first_decision_at,
                 min(e.at) filter (where e.to_state = 'approved') as first_approved_at,
                 count(*) filter (where e.kind = 'changes_requested' and e.at < ${ts(end)}) as rounds
          from draft_events e where e.draft_id = m.draft_id
        ) l
        where m.reviewed and m.submitted = 0
      ),
      first_decision as (
        select extract(epoch from first_decision_at - submitted_at) * 1000 as ms from life
        where first_decision_at >= ${ts(start)} and first_decision_at < ${ts(end)} and submitted_at is not null
      ),
      approval as (
        select extract(epoch from first_approved_at - submitted_at) * 1000 as ms from life
        where first_approved_at >= ${ts(start)} and first_approved_at < ${ts(end)} and submitted_at is not null
      ),
      outcomes as (
        select coalesce(sum(submitted), 0)::int as submitted,
               count(*) filter (where approved)::int as approved,
               count(*) filter (where rejected)::int as rejected,
               count(*) filter (where withdrawn)::int as withdrawn,
               count(*) filter (where published)::int as published
        from mine
      )
      select o.*,
        o.approved::float8 / nullif(o.approved + o.rejected, 0) as approval_rate,
        (select count(*) from life where decided)::int as decided,
        (select avg(rounds)::float8 from life where decided) as rounds_avg,
        (select count(*) from first_decision)::int as fd_n,
        (select percentile_cont(0.5) within group (order by ms) from first_decision)::float8 as fd_median,
        (select percentile_cont(0.9) within group (order by ms) from first_decision)::float8 as fd_p90,
        (select count(*) from approval)::int as ap_n,
        (select percentile_cont(0.5) within group (order by ms) from approval)::float8 as ap_median,
        (select percentile_cont(0.9) within group (order by ms) from approval)::float8 as ap_p90
      from outcomes o`),
  );
  const r = row ?? {};
  return {
    submitted: num(r.submitted),
    approved: num(r.approved),
    rejected: num(r.rejected),
    withdrawn: num(r.withdrawn),
    published: num(r.published),
    approvalRate: measure(r.approval_rate, num(r.approved) + num(r.rejected)),
    roundsPerDraft: measure(r.rounds_avg, r.decided),
    firstDecisionMedianMs: measure(r.fd_median, r.fd_n),
    firstDecisionP90Ms: measure(r.fd_p90, r.fd_n),
    approvalMedianMs: measure(r.ap_median, r.ap_n),
    approvalP90Ms: measure(r.ap_p90, r.ap_n),
  };
}

/** Stories shown in the period's digests (digest_stories_shown), and stories the period's drafts were started from. */
export async function veilleFigures(db: Db, scope: StatsScope, start: Date, end: Date): Promise<VeilleFigures> {
  const [row] = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select
        (select count(distinct item_id) from digest_stories
          where workspace_id = ${scope.workspaceId}::uuid and shown_at >= ${ts(start)} and shown_at < ${ts(end)})::int as shown,
        (select count(distinct d.story_item_id) from drafts d ${campaignJoin(scope, sql`d`)}
          where d.workspace_id = ${scope.workspaceId}::uuid and d.created_at >= ${ts(start)} and d.created_at < ${ts(end)}
            and d.story_item_id is not null)::int as drafted`),
  );
  return { storiesShown: num(row?.shown), storiesDrafted: num(row?.drafted) };
}
