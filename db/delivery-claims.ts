import { sql } from 'drizzle-orm';
import { type Db, rowsOf } from './client.ts';
import { handledDeliveries } from './schema.ts';

/**
 * Claims a delivery (a Discord interaction, …) once across every process sharing the database:
 * true for the first claim of `key`, false for every later one.
 */
export async function claimDelivery(db: Db, key: string, at: Date): Promise<boolean> {
  const claimed = await db
    .insert(handledDeliveries)
    .values({ key, at })
    .onConflictDoNothing()
    .returning({ key: handledDeliveries.key });
  return claimed.length > 0;
}

/**
 * Forgets claims older than `before`, at most `limit` at a time (the oldest first), so the table
 * holds only the window in which a platform can still repeat a delivery. Returns how many went.
 */
export async function forgetDeliveries(db: Db, before: Date, limit: number): Promise<number> {
  const gone = await db.execute(sql`
    delete from handled_deliveries where key in (
      select key from handled_deliveries where at < ${before.toISOString()}::timestamptz order by at limit ${limit}
    ) returning key`);
  return rowsOf(gone).length;
}
