import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Clock, PeopleStore } from '../src/ports.ts';
import type { Db } from './client.ts';
import { people } from './schema.ts';

/** People as the platforms last described them. Every command passes here: an unchanged person costs no write. */
export function createPeopleStore(db: Db, clock: Clock): PeopleStore {
  return {
    async remember(workspaceId, person) {
      // A platform that says nothing (null) keeps what another moment said.
      const locale = person.locale ?? null;
      const timezone = person.timezone ?? null;
      if (locale === null && timezone === null) return;
      // Read first, as for workspaces: an upsert would write (and lock) the row on every command.
      const [known] = await db
        .select({ locale: people.locale, timezone: people.timezone })
        .from(people)
        .where(and(eq(people.workspaceId, workspaceId), eq(people.userId, person.userId)));
      if (known && (locale ?? known.locale) === known.locale && (timezone ?? known.timezone) === known.timezone) return;
      await db
        .insert(people)
        .values({ workspaceId, userId: person.userId, locale, timezone, updatedAt: clock.now() })
        .onConflictDoUpdate({
          target: [people.workspaceId, people.userId],
          set: {
            locale: sql`coalesce(excluded.locale, ${people.locale})`,
            timezone: sql`coalesce(excluded.timezone, ${people.timezone})`,
            updatedAt: sql`excluded.updated_at`,
          },
        });
    },
    async get(workspaceId, userIds) {
      if (userIds.length === 0) return [];
      return db
        .select({ userId: people.userId, locale: people.locale, timezone: people.timezone })
        .from(people)
        .where(and(eq(people.workspaceId, workspaceId), inArray(people.userId, userIds)));
    },
  };
}
