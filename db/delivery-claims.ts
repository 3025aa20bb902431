import type { Db } from './client.ts';
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
