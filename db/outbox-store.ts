import { eq, sql } from 'drizzle-orm';
import type { ClaimedDelivery, OutboxItem } from '../src/outbox/outbox-item.ts';
import type { Clock, OutboxQueue, OutboxWriter } from '../src/ports.ts';
import { type Db, rowsOf } from './client.ts';
import { outbox } from './schema.ts';

export function createOutboxWriter(db: Db, clock: Clock): OutboxWriter {
  return {
    async enqueue(item: OutboxItem) {
      const inserted = await db
        .insert(outbox)
        .values({
          workspaceId: item.workspaceId,
          kind: item.target.to,
          payload: {
            target: item.target,
            message: item.message,
            ...(item.recordsCardOf ? { recordsCardOf: item.recordsCardOf } : {}),
          },
          dedupeKey: item.dedupeKey ?? null,
          orderKey: item.orderKey ?? null,
          availableAt: item.availableAt ?? clock.now(),
          createdAt: clock.now(),
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
export function createOutboxQueue(db: Db, clock: Clock): OutboxQueue & { pending(): Promise<number> } {
  return {
    async claim(now: Date, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
      // One statement, one round trip: pick due rows no other worker holds, lease them, return them.
      const nowIso = now.toISOString();
      const until = new Date(now.getTime() + leaseMs).toISOString();
      const result = await db.execute(sql`
        update outbox set locked_until = ${until}::timestamptz, attempts = attempts + 1
        where id in (
          select o.id from outbox o
          where o.status = 'pending' and o.available_at <= ${nowIso}::timestamptz
            and (o.locked_until is null or o.locked_until <= ${nowIso}::timestamptz)
            and not exists (select 1 from outbox e where e.order_key = o.order_key and e.status = 'pending' and e.id < o.id)
          order by o.id
          limit ${limit}
          for update skip locked
        )
        returning id, workspace_id, order_key, payload, attempts, result`);
      const rows = rowsOf<{
        id: number | string;
        workspace_id: string;
        order_key: string | null;
        payload: ClaimedDelivery['payload'];
        attempts: number;
        result: Record<string, unknown> | null;
      }>(result);
      return rows
        .map((r) => ({
          id: Number(r.id),
          workspaceId: r.workspace_id,
          orderKey: r.order_key,
          payload: r.payload,
          attempts: r.attempts,
          progress: r.result,
        }))
        .sort((a, b) => a.id - b.id);
    },
    async doneWithCard(
      id: number,
      result: Record<string, unknown>,
      card: { draftId: string; channel: string; id: string },
    ) {
      // One statement: the card's reference and the row's completion land together, so a thread
      // reply waiting on this card never sees the row done without the card.
      await db.execute(sql`
        with card as (update drafts set card_channel = ${card.channel}, card_message = ${card.id} where id = ${card.draftId}::uuid)
        update outbox set status = 'done', done_at = ${clock.now().toISOString()}::timestamptz, result = ${JSON.stringify(result)}::jsonb, locked_until = null where id = ${id}`);
    },
    async doneWithPrompt(id: number, result: Record<string, unknown>, promptId: number, sentAt: Date) {
      await db.execute(sql`
        with p as (update prompts set status = 'sent', sent_at = ${sentAt.toISOString()}::timestamptz where id = ${promptId} and status = 'queued')
        update outbox set status = 'done', done_at = ${clock.now().toISOString()}::timestamptz, result = ${JSON.stringify(result)}::jsonb, locked_until = null where id = ${id}`);
    },
    async cancel(id: number, reason: string) {
      await db
        .update(outbox)
        .set({ status: 'done', doneAt: clock.now(), result: { cancelled: reason }, lockedUntil: null })
        .where(eq(outbox.id, id));
    },
    async deadWithPrompt(id: number, error: string, promptId: number) {
      await db.execute(sql`
        with p as (update prompts set status = 'undeliverable', reason = ${error} where id = ${promptId} and status = 'queued')
        update outbox set status = 'dead', last_error = ${error}, locked_until = null, done_at = ${clock.now().toISOString()}::timestamptz where id = ${id}`);
    },
    async done(id: number, result: Record<string, unknown>) {
      await db
        .update(outbox)
        .set({ status: 'done', doneAt: clock.now(), result, lockedUntil: null })
        .where(eq(outbox.id, id));
    },
    async progress(id: number, done: Record<string, unknown>) {
      await db.update(outbox).set({ result: done }).where(eq(outbox.id, id));
    },
    async retry(id: number, at: Date, error: string) {
      await db.update(outbox).set({ availableAt: at, lockedUntil: null, lastError: error }).where(eq(outbox.id, id));
    },
    async release(id: number, at: Date) {
      await db
        .update(outbox)
        .set({ availableAt: at, lockedUntil: null, attempts: sql`greatest(${outbox.attempts} - 1, 0)` })
        .where(eq(outbox.id, id));
    },
    async dead(id: number, error: string) {
      await db
        .update(outbox)
        .set({ status: 'dead', lastError: error, lockedUntil: null, doneAt: clock.now() })
        .where(eq(outbox.id, id));
    },
    async pending(): Promise<number> {
      const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(outbox).where(eq(outbox.status, 'pending'));
      return row?.n ?? 0;
    },
  };
}
