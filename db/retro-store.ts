import { sql } from 'drizzle-orm';
import { DEFAULT_SETTINGS, RETRO_DELAY_MAX_HOURS } from '../src/domain/settings.ts';
import type { RetroStore } from '../src/ports.ts';
import { type Db, rowsOf } from './client.ts';
import { ts } from './stats/sql-parts.ts';

/**
 * How long after it was due a retro is still sent: a restart after an outage catches up the
 * week's publications, and turning the feature on (or a long outage) does not flood every author
 * with questions about posts from months ago.
 */
const CATCH_UP_HOURS = 7 * 24;

/** The retro job's claims (draft_retros) and what it needs to know about answers. */
export function createRetroStore(db: Db): RetroStore {
  return {
    async dueRetros(now, limit) {
      // The delay is each workspace's setting (absent: the default); 0 turns retros off.
      const rows = rowsOf<{ id: string; workspace_id: string }>(
        await db.execute(sql`
          select d.id, d.workspace_id
          from drafts d
          left join workspace_settings s on s.workspace_id = d.workspace_id
          cross join lateral (
            select coalesce((s.data->>'retroDelayHours')::int, ${DEFAULT_SETTINGS.retroDelayHours}::int) as hours
          ) k
          where d.state = 'published'
            -- Bounds every workspace shares (the longest and shortest delays), so drafts_published_at narrows the scan.
            and d.published_at > ${ts(now)} - make_interval(hours => ${RETRO_DELAY_MAX_HOURS + CATCH_UP_HOURS}::int)
            and d.published_at <= ${ts(now)} - make_interval(hours => 1)
            and d.published_at > ${ts(now)} - make_interval(hours => k.hours + ${CATCH_UP_HOURS}::int)
            and d.published_at <= ${ts(now)} - make_interval(hours => k.hours)
            and k.hours > 0
            and not exists (select 1 from draft_retros r where r.draft_id = d.id)
            and not exists (select 1 from draft_results x where x.draft_id = d.id)
          order by d.published_at, d.id
          limit ${limit}`),
      );
      return rows.map((r) => ({ draftId: r.id, workspaceId: r.workspace_id }));
    },

    async claimRetro(r) {
      const inserted = rowsOf<{ draft_id: string }>(
        await db.execute(sql`
          insert into draft_retros (draft_id, workspace_id, claimed_by, claimed_at)
          values (${r.draftId}::uuid, ${r.workspaceId}::uuid, ${r.by}, ${ts(r.now)})
          on conflict do nothing returning draft_id`),
      );
      return inserted.length === 1;
    },

    async hasResult(draftId) {
      const rows = rowsOf<{ one: number }>(
        await db.execute(sql`select 1 as one from draft_results where draft_id = ${draftId}::uuid`),
      );
      return rows.length > 0;
    },
  };
}
