import { and, asc, desc, eq, gte, or } from 'drizzle-orm';
import type { FeedItem } from '../src/domain/feed-item.ts';
import type { StoredItem, VeilleSource, VeilleStore } from '../src/ports.ts';
import type { Db } from './client.ts';
import { veilleChannels, veilleItems, veilleSources } from './schema.ts';

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
        .values({ workspaceId: s.workspaceId, channelId: s.channelId, url: s.url, title: s.title, keywords: s.keywords, addedBy: s.addedBy, etag: s.etag, lastModified: s.lastModified, lastOkAt: s.now })
        .onConflictDoNothing()
        .returning();
      return row ? toSource(row) : null;
    },
    async sources(workspaceId, channelId) {
      const where = channelId ? and(eq(veilleSources.workspaceId, workspaceId), eq(veilleSources.channelId, channelId)) : eq(veilleSources.workspaceId, workspaceId);
      return (await db.select().from(veilleSources).where(where).orderBy(asc(veilleSources.id))).map(toSource);
    },
    async removeSource(workspaceId, id) {
      const removed = await db.delete(veilleSources).where(and(eq(veilleSources.workspaceId, workspaceId), eq(veilleSources.id, id))).returning({ id: veilleSources.id });
      return removed.length > 0;
    },
    async channel(workspaceId, channelId) {
      const [row] = await db.select().from(veilleChannels).where(and(eq(veilleChannels.workspaceId, workspaceId), eq(veilleChannels.channelId, channelId)));
      return row ? { minuteOfDay: row.minuteOfDay, timezone: row.timezone, size: row.size } : null;
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
        .values(items.map((i) => ({ sourceId, itemKey: i.id.slice(0, 500), title: i.title.slice(0, 1000), url: i.url, summary: i.summary, author: i.author, publishedAt: i.publishedAt, seenAt })))
        .onConflictDoNothing()
        .returning({ id: veilleItems.id });
      return inserted.length;
    },
    async items(workspaceId, channelId, since, limit) {
      const rows = await db
        .select({ i: veilleItems })
        .from(veilleItems)
        .innerJoin(veilleSources, eq(veilleSources.id, veilleItems.sourceId))
        .where(and(eq(veilleSources.workspaceId, workspaceId), eq(veilleSources.channelId, channelId), or(gte(veilleItems.seenAt, since), gte(veilleItems.publishedAt, since))))
        .orderBy(desc(veilleItems.seenAt))
        .limit(limit);
      return rows.map((r) => toItem(r.i));
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

