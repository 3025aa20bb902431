import { and, asc, desc, eq, gte, or, sql } from 'drizzle-orm';
import type { FeedItem } from '../src/domain/feed-item.ts';
import type { StoredItem, VeilleSource } from '../src/domain/veille.ts';
import type { VeilleStore } from '../src/ports.ts';
import { type Db, rowsOf } from './client.ts';
import { scheduleClaims, veilleChannels, veilleItems, veilleSources } from './schema.ts';

type SourceRow = typeof veilleSources.$inferSelect;
type ItemRow = typeof veilleItems.$inferSelect;

const toSource = (r: SourceRow): VeilleSource => ({
  id: r.id,
  workspaceId: r.workspaceId,
  channelId: r.channelId,
  url: r.url,
  title: r.title,
  keywords: r.keywords,
  lastOkAt: r.lastOkAt,
  failingSince: r.failingSince,
  lastError: r.lastError,
});

const toItem = (r: ItemRow): StoredItem => ({
  id: r.id,
  sourceId: r.sourceId,
  seenAt: r.seenAt,
  item: { id: r.itemKey, title: r.title, url: r.url, summary: r.summary, author: r.author, publishedAt: r.publishedAt },
});

export function createVeilleStore(db: Db): VeilleStore {
  return {
    async addSource(s) {
      const [row] = await db
        .insert(veilleSources)
        .values({
          workspaceId: s.workspaceId,
          channelId: s.channelId,
          url: s.url,
          title: s.title,
          keywords: s.keywords,
          addedBy: s.addedBy,
          etag: s.etag,
          lastModified: s.lastModified,
          lastOkAt: s.now,
          nextPollAt: s.nextPollAt,
          createdAt: s.now,
        })
        .onConflictDoNothing()
        .returning();
      return row ? toSource(row) : null;
    },
    async sources(workspaceId, channelId) {
      const where = channelId
        ? and(eq(veilleSources.workspaceId, workspaceId), eq(veilleSources.channelId, channelId))
        : eq(veilleSources.workspaceId, workspaceId);
      return (await db.select().from(veilleSources).where(where).orderBy(asc(veilleSources.id))).map(toSource);
    },
    async removeSource(workspaceId, id) {
      const removed = await db
        .delete(veilleSources)
        .where(and(eq(veilleSources.workspaceId, workspaceId), eq(veilleSources.id, id)))
        .returning({ id: veilleSources.id });
      return removed.length > 0;
    },
    async channel(workspaceId, channelId) {
      const [row] = await db
        .select()
        .from(veilleChannels)
        .where(and(eq(veilleChannels.workspaceId, workspaceId), eq(veilleChannels.channelId, channelId)));
      return row
        ? { minuteOfDay: row.minuteOfDay, timezone: row.timezone, size: row.size, weeklyDay: row.weeklyDay }
        : null;
    },
    async setChannel(workspaceId, channelId, patch) {
      await db
        .insert(veilleChannels)
        .values({ workspaceId, channelId, ...patch })
        .onConflictDoUpdate({ target: [veilleChannels.workspaceId, veilleChannels.channelId], set: patch });
    },
    async saveItems(sourceId, items: FeedItem[], seenAt) {
      if (items.length === 0) return 0;
      const inserted = await db
        .insert(veilleItems)
        .values(
          items.map((i) => ({
            sourceId,
            itemKey: i.id.slice(0, 500),
            title: i.title.slice(0, 1000),
            url: i.url,
            summary: i.summary,
            author: i.author,
            publishedAt: i.publishedAt,
            seenAt,
          })),
        )
        .onConflictDoNothing()
        .returning({ id: veilleItems.id });
      return inserted.length;
    },
    async items(workspaceId, channelId, since, limit) {
      const rows = await db
        .select({ i: veilleItems })
        .from(veilleItems)
        .innerJoin(veilleSources, eq(veilleSources.id, veilleItems.sourceId))
        .where(
          and(
            eq(veilleSources.workspaceId, workspaceId),
            eq(veilleSources.channelId, channelId),
            or(gte(veilleItems.seenAt, since), gte(veilleItems.publishedAt, since)),
          ),
        )
        .orderBy(desc(veilleItems.seenAt))
        .limit(limit);
      return rows.map((r) => toItem(r.i));
    },
    async claimDueSources(now, limit, leaseMs) {
      const iso = now.toISOString();
      const result = await db.execute(sql`
        update veille_sources set next_poll_at = ${new Date(now.getTime() + leaseMs).toISOString()}::timestamptz
        where id in (select id from veille_sources where next_poll_at <= ${iso}::timestamptz order by next_poll_at limit ${limit} for update skip locked)
        returning *`);
      // biome-ignore lint/suspicious/noExplicitAny: a raw SQL row; each column is read and converted below
      return rowsOf<Record<string, any>>(result).map((r) => ({
        id: Number(r.id),
        workspaceId: r.workspace_id,
        channelId: r.channel_id,
        url: r.url,
        title: r.title,
        keywords: r.keywords,
        lastOkAt: r.last_ok_at ? new Date(r.last_ok_at) : null,
        failingSince: r.failing_since ? new Date(r.failing_since) : null,
        lastError: r.last_error,
        etag: r.etag,
        lastModified: r.last_modified,
        failures: r.failures,
      }));
    },
    async recordPoll(id, result) {
      if (result.ok) {
        await db
          .update(veilleSources)
          .set({
            etag: result.etag,
            lastModified: result.lastModified,
            lastOkAt: result.now,
            failures: 0,
            failingSince: null,
            lastError: null,
            nextPollAt: result.nextPollAt,
          })
          .where(eq(veilleSources.id, id));
      } else {
        await db
          .update(veilleSources)
          .set({
            failures: sql`${veilleSources.failures} + 1`,
            failingSince: sql`coalesce(${veilleSources.failingSince}, ${result.now.toISOString()}::timestamptz)`,
            lastError: result.error.slice(0, 300),
            nextPollAt: result.nextPollAt,
          })
          .where(eq(veilleSources.id, id));
      }
    },
    async digestChannels() {
      const result = await db.execute(sql`
        select s.workspace_id, s.channel_id, min(s.created_at) as following_since, coalesce(c.minute_of_day, 510) as minute_of_day, c.timezone, coalesce(c.size, 10) as size, c.weekly_day, c.time_set_at
        from veille_sources s left join veille_channels c on c.workspace_id = s.workspace_id and c.channel_id = s.channel_id
        group by s.workspace_id, s.channel_id, c.minute_of_day, c.timezone, c.size, c.weekly_day, c.time_set_at`);
      // biome-ignore lint/suspicious/noExplicitAny: a raw SQL row; each column is read and converted below
      return rowsOf<Record<string, any>>(result).map((r) => ({
        workspaceId: r.workspace_id,
        channelId: r.channel_id,
        followingSince: new Date(r.following_since),
        timeSetAt: r.time_set_at ? new Date(r.time_set_at) : null,
        minuteOfDay: Number(r.minute_of_day),
        timezone: r.timezone,
        size: Number(r.size),
        weeklyDay: r.weekly_day === null || r.weekly_day === undefined ? null : Number(r.weekly_day),
      }));
    },
    async claimDigest(workspaceId, channelId, localDate, by, now, kind = 'digest') {
      const job = `${kind}:${workspaceId}:${channelId}`;
      const [previous] = await db
        .select({ at: scheduleClaims.claimedAt })
        .from(scheduleClaims)
        .where(eq(scheduleClaims.job, job))
        .orderBy(desc(scheduleClaims.claimedAt))
        .limit(1);
      const inserted = await db
        .insert(scheduleClaims)
        .values({ job, slot: localDate, claimedBy: by, claimedAt: now })
        .onConflictDoNothing()
        .returning({ slot: scheduleClaims.slot });
      return { claimed: inserted.length === 1, previousAt: previous?.at ?? null };
    },
    async item(workspaceId, id) {
      const [row] = await db
        .select({ i: veilleItems, title: veilleSources.title })
        .from(veilleItems)
        .innerJoin(veilleSources, eq(veilleSources.id, veilleItems.sourceId))
        .where(and(eq(veilleItems.id, id), eq(veilleSources.workspaceId, workspaceId)));
      return row ? { ...toItem(row.i), sourceTitle: row.title } : null;
    },
  };
}
