import { sql } from 'drizzle-orm';
import type { DraftState } from '../../src/domain/draft.ts';
import type { ExportRow } from '../../src/domain/stats-csv.ts';
import { type Db, rowsOf } from '../client.ts';
import { date, dateOrNull, num, strings, ts } from './sql-parts.ts';

/**
 * One row per draft submitted or published in [start, end) (drafts_workspace_created and
 * drafts_workspace_published). Its life comes from draft_events_draft_life alone: when it was
 * last approved, the approvals on its current revision, its rounds of changes; its shares from
 * prompts_draft_user.
 */
export async function exportRows(db: Db, workspaceId: string, start: Date, end: Date): Promise<ExportRow[]> {
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select d.number, d.author_id, r.campaign, r.networks, d.state, d.created_at, d.published_at, d.published_urls,
             l.approved_at, l.approvals, l.rounds, s.shares
      from drafts d
      join draft_revisions r on r.draft_id = d.id and r.revision = d.revision
      cross join lateral (
        select max(e.at) filter (where e.to_state = 'approved') as approved_at,
               count(*) filter (where e.kind = 'approved' and e.revision = d.revision)::int as approvals,
               count(*) filter (where e.kind = 'changes_requested')::int as rounds
        from draft_events e where e.draft_id = d.id
      ) l
      cross join lateral (
        select count(*)::int as shares from prompts p where p.draft_id = d.id and p.status = 'shared'
      ) s
      where d.workspace_id = ${workspaceId}::uuid
        and ((d.created_at >= ${ts(start)} and d.created_at < ${ts(end)})
          or (d.published_at >= ${ts(start)} and d.published_at < ${ts(end)}))
      order by d.number`),
  );
  return rows.map((r) => ({
    number: num(r.number),
    authorId: String(r.author_id),
    campaign: (r.campaign as string | null) ?? null,
    networks: strings(r.networks),
    state: r.state as DraftState,
    submittedAt: date(r.created_at),
    approvedAt: dateOrNull(r.approved_at),
    publishedAt: dateOrNull(r.published_at),
    urls: strings(r.published_urls),
    approvals: num(r.approvals),
    rounds: num(r.rounds),
    shares: num(r.shares),
  }));
}
