import { and, asc, desc, eq, gte, inArray, isNull, lt, lte, ne, notExists, sql } from 'drizzle-orm';
import type { Draft, DraftContent, DraftEvent, DraftState, Review } from '../src/domain/draft.ts';
import type { Network } from '../src/domain/networks.ts';
import type { Clock, DraftStore } from '../src/ports.ts';
import { type Db, rowsOf } from './client.ts';
import { draftEvents, draftReviews, draftRevisions, drafts, workspaceSettings } from './schema.ts';

type DraftRow = typeof drafts.$inferSelect;
type RevisionRow = typeof draftRevisions.$inferSelect;

function toContent(r: RevisionRow): DraftContent {
  return {
    text: r.text,
    networks: r.networks as Network[],
    link: r.link,
    media: r.media,
    plannedAt: r.plannedAt,
    campaign: r.campaign,
    reviewerNote: r.reviewerNote,
  };
}

function toDraft(d: DraftRow, r: RevisionRow): Draft {
  return {
    id: d.id,
    workspaceId: d.workspaceId,
    number: d.number,
    authorId: d.authorId,
    state: d.state as DraftState,
    revision: d.revision,
    content: toContent(r),
    originChannel: d.originChannel,
    card: d.cardChannel && d.cardMessage ? { channel: d.cardChannel, id: d.cardMessage } : null,
    publishedUrls: d.publishedUrls,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    remindedAt: d.remindedAt,
    publishRemindedAt: d.publishRemindedAt,
  };
}

export function createDraftStore(db: Db, clock: Clock): DraftStore {
  async function withContent(rows: DraftRow[]): Promise<Draft[]> {
    if (rows.length === 0) return [];
    const revs = await db
      .select()
      .from(draftRevisions)
      .where(
        sql`(${draftRevisions.draftId}, ${draftRevisions.revision}) in (${sql.join(
          rows.map((r) => sql`(${r.id}::uuid, ${r.revision})`),
          sql`, `,
        )})`,
      );
    return rows.flatMap((d) => {
      const r = revs.find((x) => x.draftId === d.id && x.revision === d.revision);
      return r ? [toDraft(d, r)] : [];
    });
  }
  async function one(where: ReturnType<typeof eq>, lock: boolean | undefined): Promise<Draft | null> {
    const q = db.select().from(drafts).where(where);
    const rows = lock ? await q.for('update') : await q;
    return (await withContent(rows))[0] ?? null;
  }

  return {
    async nextNumber(workspaceId, deliveryKey) {
      // One statement: record the delivery, and count only if it was new.
      const result = await db.execute(sql`
        with delivery as (
          insert into handled_deliveries (key, at) select ${deliveryKey}, ${clock.now().toISOString()}::timestamptz where ${deliveryKey}::text is not null
          on conflict do nothing returning key)
        insert into draft_counters (workspace_id, last)
        select ${workspaceId}::uuid, 1 where ${deliveryKey}::text is null or exists (select 1 from delivery)
        on conflict (workspace_id) do update set last = draft_counters.last + 1
        returning last`);
      const [row] = rowsOf<{ last: number }>(result);
      return row ? Number(row.last) : null;
    },
    async create(d) {
      // The draft, its first revision and its "submitted" event in one statement (one round trip).
      const c = d.content;
      const at = clock.now().toISOString();
      const result = await db.execute(sql`
        with d as (
          insert into drafts (workspace_id, number, author_id, state, revision, origin_channel, story_item_id, created_at, updated_at)
          values (${d.workspaceId}::uuid, ${d.number}, ${d.authorId}, 'in_review', 1, ${d.originChannel}, ${d.storyItemId ?? null}::bigint, ${at}::timestamptz, ${at}::timestamptz)
          returning id, created_at, updated_at),
        r as (
          insert into draft_revisions (draft_id, revision, text, networks, link, media, planned_at, campaign, reviewer_note, author_id, created_at)
          select id, 1, ${c.text}, ${JSON.stringify(c.networks)}::jsonb, ${c.link}, ${JSON.stringify(c.media)}::jsonb, ${c.plannedAt?.toISOString() ?? null}::timestamptz, ${c.campaign}, ${c.reviewerNote}, ${d.authorId}, ${at}::timestamptz from d),
        e as (
          insert into draft_events (draft_id, revision, actor_id, kind, to_state, at)
          select id, 1, ${d.authorId}, 'submitted', 'in_review', ${at}::timestamptz from d)
        select id, created_at, updated_at from d`);
      const [row] = rowsOf<{ id: string; created_at: string | Date; updated_at: string | Date }>(result);
      if (!row) throw new Error('draft insert returned nothing');
      return {
        id: row.id,
        workspaceId: d.workspaceId,
        number: d.number,
        authorId: d.authorId,
        state: 'in_review',
        revision: 1,
        content: c,
        originChannel: d.originChannel,
        card: null,
        publishedUrls: [],
        createdAt: new Date(row.created_at),
        updatedAt: new Date(row.updated_at),
        remindedAt: null,
        publishRemindedAt: null,
      };
    },
    byNumber: (workspaceId, number, opts) =>
      one(and(eq(drafts.workspaceId, workspaceId), eq(drafts.number, number))!, opts?.lock),
    byId: (id, opts) => one(eq(drafts.id, id), opts?.lock),
    async addRevision(draftId, revision, c, authorId) {
      await db.insert(draftRevisions).values({
        draftId,
        revision,
        text: c.text,
        networks: c.networks,
        link: c.link,
        media: c.media,
        plannedAt: c.plannedAt,
        campaign: c.campaign,
        createdAt: clock.now(),
        reviewerNote: c.reviewerNote,
        authorId,
      });
    },
    async revision(draftId, revision) {
      const [r] = await db
        .select()
        .from(draftRevisions)
        .where(and(eq(draftRevisions.draftId, draftId), eq(draftRevisions.revision, revision)));
      return r ? toContent(r) : null;
    },
    async setState(draftId, patch) {
      await db
        .update(drafts)
        .set({ ...patch, updatedAt: clock.now() })
        .where(eq(drafts.id, draftId));
    },
    async addReview(draftId, r) {
      const inserted = await db
        .insert(draftReviews)
        .values({
          draftId,
          revision: r.revision,
          reviewerId: r.reviewerId,
          decision: r.decision,
          reason: r.reason,
          at: clock.now(),
        })
        .onConflictDoNothing()
        .returning({ d: draftReviews.decision });
      return inserted.length === 1;
    },
    async reviews(draftId, revision) {
      const rows = await db
        .select()
        .from(draftReviews)
        .where(
          revision === undefined
            ? eq(draftReviews.draftId, draftId)
            : and(eq(draftReviews.draftId, draftId), eq(draftReviews.revision, revision)),
        )
        .orderBy(asc(draftReviews.at));
      return rows.map(
        (r): Review => ({
          reviewerId: r.reviewerId,
          revision: r.revision,
          decision: r.decision as Review['decision'],
          reason: r.reason,
          at: r.at,
        }),
      );
    },
    async addEvent(draftId, e) {
      await db.insert(draftEvents).values({
        draftId,
        revision: e.revision,
        actorId: e.actorId,
        kind: e.kind,
        fromState: e.fromState,
        toState: e.toState,
        reason: e.reason,
        details: e.details ?? {},
        at: clock.now(),
      });
    },
    async events(draftId) {
      const rows = await db
        .select()
        .from(draftEvents)
        .where(eq(draftEvents.draftId, draftId))
        .orderBy(asc(draftEvents.id));
      return rows.map(
        (r): DraftEvent => ({
          revision: r.revision,
          actorId: r.actorId,
          kind: r.kind as DraftEvent['kind'],
          fromState: r.fromState as DraftState | null,
          toState: r.toState as DraftState | null,
          reason: r.reason,
          at: r.at,
        }),
      );
    },
    async byAuthor(workspaceId, authorId, limit) {
      return withContent(
        await db
          .select()
          .from(drafts)
          .where(and(eq(drafts.workspaceId, workspaceId), eq(drafts.authorId, authorId)))
          .orderBy(desc(drafts.number))
          .limit(limit),
      );
    },
    async openByAuthor(workspaceId, authorId, limit) {
      const where = and(
        eq(drafts.workspaceId, workspaceId),
        eq(drafts.authorId, authorId),
        inArray(drafts.state, ['in_review', 'changes_requested', 'approved']),
      );
      const [rows, [count]] = await Promise.all([
        db.select().from(drafts).where(where).orderBy(asc(drafts.number)).limit(limit),
        db.select({ n: sql<number>`count(*)::int` }).from(drafts).where(where),
      ]);
      return { drafts: await withContent(rows), total: Number(count?.n ?? 0) };
    },
    async publishedCount(workspaceId, authorId, start, end) {
      const [row] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(drafts)
        .where(
          and(
            eq(drafts.workspaceId, workspaceId),
            eq(drafts.authorId, authorId),
            eq(drafts.state, 'published'),
            gte(drafts.publishedAt, start),
            lt(drafts.publishedAt, end),
          ),
        );
      return Number(row?.n ?? 0);
    },
    async awaitingReviewBy(workspaceId, reviewerId, limit) {
      // One statement: drafts in review with their current revision, minus those this person
      // already decided on (at that revision) and their own.
      const rows = await db
        .select({ d: drafts, r: draftRevisions })
        .from(drafts)
        .innerJoin(
          draftRevisions,
          and(eq(draftRevisions.draftId, drafts.id), eq(draftRevisions.revision, drafts.revision)),
        )
        .where(
          and(
            eq(drafts.workspaceId, workspaceId),
            eq(drafts.state, 'in_review'),
            ne(drafts.authorId, reviewerId),
            notExists(
              db
                .select({ one: sql`1` })
                .from(draftReviews)
                .where(
                  and(
                    eq(draftReviews.draftId, drafts.id),
                    eq(draftReviews.revision, drafts.revision),
                    eq(draftReviews.reviewerId, reviewerId),
                  ),
                ),
            ),
          ),
        )
        .orderBy(asc(drafts.number))
        .limit(limit);
      return rows.map(({ d, r }) => toDraft(d, r));
    },
    async dueReviewReminders(now, limit) {
      // Review delay per workspace lives in its settings (hours, default 24).
      const delay = sql`make_interval(hours => coalesce((${workspaceSettings.data}->>'reviewDelayHours')::int, 24))`;
      const rows = await db
        .select({ d: drafts })
        .from(drafts)
        .leftJoin(workspaceSettings, eq(workspaceSettings.workspaceId, drafts.workspaceId))
        .where(
          and(
            eq(drafts.state, 'in_review'),
            isNull(drafts.remindedAt),
            // A draft waiting for a review channel has no thread to remind in yet.
            sql`${workspaceSettings.data}->>'reviewChannel' is not null`,
            sql`${drafts.updatedAt} + ${delay} <= ${now.toISOString()}::timestamptz`,
          ),
        )
        .orderBy(asc(drafts.updatedAt))
        .limit(limit);
      return withContent(rows.map((r) => r.d));
    },
    async duePublishReminders(now, limit) {
      const rows = await db
        .select({ d: drafts })
        .from(drafts)
        .innerJoin(
          draftRevisions,
          and(eq(draftRevisions.draftId, drafts.id), eq(draftRevisions.revision, drafts.revision)),
        )
        .where(and(eq(drafts.state, 'approved'), isNull(drafts.publishRemindedAt), lte(draftRevisions.plannedAt, now)))
        .orderBy(asc(draftRevisions.plannedAt))
        .limit(limit);
      return withContent(rows.map((r) => r.d));
    },
    async withoutCard(workspaceId, limit) {
      return withContent(
        await db
          .select()
          .from(drafts)
          .where(
            and(
              eq(drafts.workspaceId, workspaceId),
              inArray(drafts.state, ['in_review', 'changes_requested', 'approved']),
              isNull(drafts.cardMessage),
            ),
          )
          .orderBy(asc(drafts.number))
          .limit(limit),
      );
    },
  };
}
