import { sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../../db/client.ts';

/**
 * Writes a known history straight into the tables /stats reads, with every instant given, so the
 * figures can be checked to the millisecond (the services stamp times themselves).
 */

type EventKind = 'submitted' | 'edited' | 'approved' | 'changes_requested' | 'rejected' | 'withdrawn' | 'published';

const TO_STATE: Record<EventKind, string> = {
  submitted: 'in_review',
  edited: 'in_review',
  approved: 'approved',
  changes_requested: 'changes_requested',
  rejected: 'rejected',
  withdrawn: 'withdrawn',
  published: 'published',
};
const DECISION: Partial<Record<EventKind, string>> = {
  approved: 'approve',
  changes_requested: 'changes',
  rejected: 'reject',
};

export interface DraftHistory {
  number: number;
  author?: string;
  campaign?: string | null;
  networks?: string[];
  plannedAt?: string | null;
  storyItemId?: number | null;
  urls?: string[];
  /** In order; the first is `submitted`. Times are UTC ISO strings. */
  events: [EventKind, string][];
}

export function statsHistory(db: Db, workspaceId: string) {
  const ts = (iso: string) => sql`${iso}::timestamptz`;
  return {
    async draft(h: DraftHistory): Promise<string> {
      const submittedAt = h.events[0]?.[1] ?? '';
      const published = h.events.find(([k]) => k === 'published')?.[1] ?? null;
      let revision = 1;
      let state = 'in_review';
      const steps = h.events.map(([kind, at]) => {
        const from = state;
        if (kind === 'edited') revision++;
        state = TO_STATE[kind];
        return { kind, at, from: kind === 'submitted' ? null : from, to: state, revision };
      });
      const [row] = rowsOf<{ id: string }>(
        await db.execute(sql`
        insert into drafts (workspace_id, number, author_id, state, revision, published_urls, published_at, story_item_id, created_at, updated_at)
        values (${workspaceId}::uuid, ${h.number}, ${h.author ?? 'ann'}, ${state}, ${revision},
                ${JSON.stringify(h.urls ?? (published ? [`https://www.linkedin.com/feed/${h.number}`] : []))}::jsonb,
                ${published}::timestamptz, ${h.storyItemId ?? null}::bigint, ${ts(submittedAt)}, ${ts(submittedAt)})
        returning id`),
      );
      const id = row?.id ?? '';
      for (let r = 1; r <= revision; r++) {
        await db.execute(sql`
          insert into draft_revisions (draft_id, revision, text, networks, planned_at, campaign, author_id, created_at)
          values (${id}::uuid, ${r}, ${`Post ${h.number}`}, ${JSON.stringify(h.networks ?? ['linkedin'])}::jsonb,
                  ${h.plannedAt ?? null}::timestamptz, ${h.campaign ?? null}, ${h.author ?? 'ann'}, ${ts(submittedAt)})`);
      }
      for (const s of steps) {
        const decision = DECISION[s.kind];
        if (decision)
          await db.execute(sql`
            insert into draft_reviews (draft_id, revision, reviewer_id, decision, at)
            values (${id}::uuid, ${s.revision}, ${`rita-${s.revision}-${s.at}`}, ${decision}, ${ts(s.at)})`);
        await db.execute(sql`
          insert into draft_events (draft_id, revision, actor_id, kind, from_state, to_state, at)
          values (${id}::uuid, ${s.revision}, ${decision ? 'rita' : (h.author ?? 'ann')}, ${s.kind}, ${s.from}, ${s.to}, ${ts(s.at)})`);
      }
      return id;
    },

    async ambassador(userId: string, joinedAt: string, stoppedAt: string | null = null) {
      await db.execute(sql`
        insert into ambassadors (workspace_id, user_id, active, joined_at, stopped_at)
        values (${workspaceId}::uuid, ${userId}, ${stoppedAt === null}, ${ts(joinedAt)}, ${stoppedAt}::timestamptz)`);
    },

    async prompt(
      draftId: string,
      userId: string,
      p: { status: string; sentAt: string | null; answeredAt?: string | null },
    ) {
      await db.execute(sql`
        insert into prompts (workspace_id, draft_id, user_id, status, sent_at, answered_at, shared_on, not_before, created_at)
        values (${workspaceId}::uuid, ${draftId}::uuid, ${userId}, ${p.status}, ${p.sentAt}::timestamptz,
                ${p.answeredAt ?? null}::timestamptz, ${p.status === 'shared' ? '["linkedin"]' : '[]'}::jsonb,
                coalesce(${p.sentAt}::timestamptz, '2026-01-01T00:00:00Z'),
                coalesce(${p.sentAt}::timestamptz, '2026-01-01T00:00:00Z'))`);
    },

    async source(title: string, failingSince: string | null) {
      await db.execute(sql`
        insert into veille_sources (workspace_id, channel_id, url, title, added_by, failing_since, last_error, next_poll_at, created_at)
        values (${workspaceId}::uuid, 'C-veille', ${`https://feeds.example/${encodeURIComponent(title)}`}, ${title}, 'ada',
                ${failingSince}::timestamptz, ${failingSince ? 'timeout' : null}, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`);
    },
  };
}
