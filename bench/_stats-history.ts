import { sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../db/client.ts';

const DRAFTS = 100_000;
const DAYS = 730;
const AMBASSADORS = 50;

/**
 * Two years of a busy workspace, written with generate_series in a few statements: 100,000
 * drafts (one every 10.5 minutes), exactly ten events each, 200,000 prompts, a review per
 * decision, results for a quarter of the published posts, ten digest stories a day.
 *
 * A draft's fate follows its number: n % 20 in 0–1 rejected, 2 withdrawn, 3–4 approved (a few
 * past their planned time), the rest published; n % 3 rounds of changes; the newest 200 still in
 * review.
 */
export async function fillStatsHistory(
  db: Db,
  workspaceId: string,
  now: Date,
): Promise<{ drafts: number; events: number; prompts: number }> {
  const ws = sql`${workspaceId}::uuid`;
  const start = sql`${new Date(now.getTime() - DAYS * 86_400_000).toISOString()}::timestamptz`;
  const step = sql`${`${(DAYS * 86_400) / DRAFTS} seconds`}::interval`;
  const rounds = sql`(d.number % 3)`;

  await db.execute(sql`
    insert into drafts (workspace_id, number, author_id, state, revision, published_urls, published_at, story_item_id, created_at, updated_at)
    select ${ws}, n, 'U' || (n % 40), s.state, 1,
      case when s.state = 'published' then jsonb_build_array('https://www.linkedin.com/feed/' || n) else '[]'::jsonb end,
      case when s.state = 'published' then created + (2 * (n % 3) + 2) * interval '40 minutes' end,
      case when n % 10 = 0 then n end, created, created
    from generate_series(1, ${DRAFTS}) n
    cross join lateral (select ${start} + (n - 1) * ${step} as created) c
    cross join lateral (select case
      when n > ${DRAFTS - 200} then 'in_review'
      when n % 20 in (0, 1) then 'rejected' when n % 20 = 2 then 'withdrawn' when n % 20 in (3, 4) then 'approved'
      else 'published' end as state) s`);
  await db.execute(sql`
    insert into draft_revisions (draft_id, revision, text, networks, planned_at, campaign, author_id, created_at)
    select d.id, 1, 'Post ' || d.number,
      (array['["linkedin"]', '["linkedin", "x"]', '["x", "bluesky", "mastodon"]'])[d.number % 3 + 1]::jsonb,
      case when d.number % 100 = 3 then d.created_at + interval '2 days' end,
      case when d.number % 7 <> 0 then 'campaign-' || (d.number % 20) end, d.author_id, d.created_at
    from drafts d where d.workspace_id = ${ws}`);
  await db.execute(sql`
    insert into draft_events (draft_id, revision, actor_id, kind, to_state, at)
    select d.id, 1, 'R' || (d.number % 5), k.kind,
      case when k.kind in ('submitted', 'edited') then 'in_review'
           when k.kind in ('changes_requested', 'approved', 'rejected', 'withdrawn', 'published') then k.kind end,
      d.created_at + j * interval '40 minutes'
    from drafts d cross join generate_series(0, 9) j
    cross join lateral (select case
      when j = 0 then 'submitted'
      when j <= 2 * ${rounds} then case when j % 2 = 1 then 'changes_requested' else 'edited' end
      when j = 2 * ${rounds} + 1 then case d.state when 'rejected' then 'rejected' when 'withdrawn' then 'withdrawn'
        when 'in_review' then 'review_reminder' else 'approved' end
      when j = 2 * ${rounds} + 2 and d.state = 'published' then 'published'
      else 'review_reminder' end as kind) k
    where d.workspace_id = ${ws}`);
  await db.execute(sql`
    insert into draft_reviews (draft_id, revision, reviewer_id, decision, at)
    select e.draft_id, 1, 'R' || e.id,
      case e.kind when 'approved' then 'approve' when 'rejected' then 'reject' else 'changes' end, e.at
    from draft_events e join drafts d on d.id = e.draft_id
    where d.workspace_id = ${ws} and e.kind in ('approved', 'rejected', 'changes_requested')`);
  await db.execute(sql`
    insert into ambassadors (workspace_id, user_id, active, joined_at, stopped_at)
    select ${ws}, 'UAMB' || a, a % 10 <> 0, ${start}, case when a % 10 = 0 then ${now.toISOString()}::timestamptz - interval '90 days' end
    from generate_series(0, ${AMBASSADORS - 1}) a`);
  await db.execute(sql`
    insert into prompts (workspace_id, draft_id, user_id, status, not_before, sent_at, answered_at, shared_on, created_at)
    select ${ws}, d.id, 'UAMB' || ((d.number * 7 + u) % ${AMBASSADORS}), s.status, d.published_at,
      case when s.status <> 'waiting' then d.published_at + u * interval '10 minutes' end,
      case when s.status in ('shared', 'skipped') then d.published_at + u * interval '10 minutes' + interval '1 hour' end,
      case when s.status = 'shared' then '["linkedin"]'::jsonb else '[]'::jsonb end, d.published_at
    from drafts d cross join generate_series(1, 3) u
    cross join lateral (select case when (d.number + u) % 10 < 4 then 'shared' when (d.number + u) % 10 < 6 then 'skipped'
      when (d.number + u) % 10 < 9 then 'sent' else 'waiting' end as status) s
    where d.workspace_id = ${ws} and d.state = 'published' and (u <= 2 or d.number % 3 <> 0)`);
  await db.execute(sql`
    insert into draft_results (draft_id, workspace_id, answered_by, campaign, networks, published_at,
                               reactions, comments, shares, clicks, answered_at)
    select d.id, ${ws}, d.author_id, r.campaign, r.networks, d.published_at,
      (d.number * 13) % 200, d.number % 17, d.number % 11,
      case when d.number % 8 = 0 then null else (d.number * 7) % 300 end, d.published_at + interval '2 days'
    from drafts d join draft_revisions r on r.draft_id = d.id and r.revision = d.revision
    where d.workspace_id = ${ws} and d.state = 'published' and d.number % 4 = 0`);
  await db.execute(sql`
    insert into digest_stories (workspace_id, channel_id, slot, item_id, shown_at)
    select ${ws}, 'CVEILLE', 'digest:' || day, day * 10 + k, ${start} + day * interval '1 day' + interval '7 hours 30 minutes'
    from generate_series(0, ${DAYS - 1}) day cross join generate_series(0, 9) k`);
  await db.execute(sql`
    insert into veille_sources (workspace_id, channel_id, url, title, added_by, failing_since, last_error, next_poll_at, created_at)
    select ${ws}, 'CVEILLE', 'https://feeds.example/' || s, 'Feed ' || s, 'UADMIN',
      case when s % 7 = 0 then ${now.toISOString()}::timestamptz - interval '3 days' end, case when s % 7 = 0 then 'timeout' end,
      ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz
    from generate_series(1, 20) s`);
  await db.execute(sql`vacuum analyze`);
  const [row] = rowsOf<{ drafts: number; events: number; prompts: number }>(
    await db.execute(sql`
      select (select count(*) from drafts)::int as drafts, (select count(*) from draft_events)::int as events,
             (select count(*) from prompts)::int as prompts`),
  );
  return { drafts: Number(row?.drafts), events: Number(row?.events), prompts: Number(row?.prompts) };
}
