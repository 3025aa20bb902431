import { and, asc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { ClaimedDelivery, OutboxItem, OutboxQueue, OutboxWriter } from '../src/ports.ts';
import type { Db } from './client.ts';
import { outbox } from './schema.ts';

export function createOutboxWriter(db: Db): OutboxWriter {
  return {
    async enqueue(item: OutboxItem) {
      const inserted = await db
        .insert(outbox)
        .values({
          workspaceId: item.workspaceId,
          kind: item.target.to,
          payload: { target: item.target, message: item.message, ...(item.recordsCardOf ? { recordsCardOf: item.recordsCardOf } : {}) },
          dedupeKey: item.dedupeKey ?? null,
          orderKey: item.orderKey ?? null,
          ...(item.availableAt ? { availableAt: item.availableAt } : {}),
        })
        .onConflictDoNothing()
        .returning({ id: outbox.id });
      return inserted.length === 1;
    },
  };
}

/**
 * Claims due rows for delivery. A row is skipped while an earlier row with the same order key is
 * still pending, so a draft's thread replies never overtake its card. `locked_until` hands a row
 * back to any worker if the one holding it dies.
 */
export function createOutboxQueue(db: Db): OutboxQueue & { pending(): Promise<number> } {
  return {
    async claim(now: Date, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
      return db.transaction(async (tx) => {
        const earlier = sql`exists (select 1 from outbox o2 where o2.order_key = ${outbox.orderKey} and o2.status = 'pending' and o2.id < ${outbox.id})`;
        const due = await tx
          .select({ id: outbox.id })
          .from(outbox)
          .where(and(eq(outbox.status, 'pending'), lte(outbox.availableAt, now), or(isNull(outbox.lockedUntil), lte(outbox.lockedUntil, now)), sql`not ${earlier}`))
          .orderBy(asc(outbox.id))
          .limit(limit)
          .for('update', { skipLocked: true });
        if (due.length === 0) return [];
        const rows = await tx
          .update(outbox)
          .set({ lockedUntil: new Date(now.getTime() + leaseMs), attempts: sql`${outbox.attempts} + 1` })
          .where(inArray(outbox.id, due.map((d) => d.id)))
          .returning({ id: outbox.id, workspaceId: outbox.workspaceId, payload: outbox.payload, attempts: outbox.attempts });
        return rows.sort((a, b) => a.id - b.id) as ClaimedDelivery[];
      });
    },
    async done(id: number, result: Record<string, unknown>) {
      await db.update(outbox).set({ status: 'done', doneAt: new Date(), result, lockedUntil: null }).where(eq(outbox.id, id));
    },
    async retry(id: number, at: Date, error: string) {
      await db.update(outbox).set({ availableAt: at, lockedUntil: null, lastError: error }).where(eq(outbox.id, id));
    },
    async dead(id: number, error: string) {
      await db.update(outbox).set({ status: 'dead', lastError: error, lockedUntil: null, doneAt: new Date() }).where(eq(outbox.id, id));
    },
    async pending(): Promise<number> {
      const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(outbox).where(eq(outbox.status, 'pending'));
      return row?.n ?? 0;
    },
  };
}
