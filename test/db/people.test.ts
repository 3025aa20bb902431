import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDbStore } from '../../db/store.ts';
import { DEFAULT_SETTINGS } from '../../src/domain/settings.ts';
import type { Store } from '../../src/ports.ts';
import { peopleLocales, personLocale } from '../../src/services/people.ts';
import { freshDatabase } from '../support/test-database.ts';

/** What the platforms said of people, remembered for the messages the worker sends them later. */

let fresh: Awaited<ReturnType<typeof freshDatabase>>;
let store: Store;
let now = new Date('2026-12-01T09:00:00Z');
let workspaceId: string;
const settings = { ...DEFAULT_SETTINGS, locale: 'fr' as const };

beforeAll(async () => {
  fresh = await freshDatabase();
  store = createDbStore(fresh.database.db, { now: () => now });
  workspaceId = (await store.ensureWorkspace({ platform: 'test', externalId: 'PEOPLE' })).id;
});
afterAll(async () => fresh?.drop());

const updatedAt = async (userId: string) => {
  const result = await fresh.database.db.execute(
    sql`select updated_at from people where workspace_id = ${workspaceId} and user_id = ${userId}`,
  );
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { updated_at: unknown }[];
  return rows[0] ? new Date(String(rows[0].updated_at)).toISOString() : null;
};

describe('people', () => {
  it('writes a person in their own language, falling back to the workspace’s', async () => {
    await store.people.remember(workspaceId, { userId: 'amy', locale: 'en-US', timezone: 'America/New_York' });
    await store.people.remember(workspaceId, { userId: 'zoe', locale: 'de-DE', timezone: null });
    expect(await personLocale(store, workspaceId, 'amy', settings)).toBe('en');
    // Relais does not speak German: the workspace's language.
    expect(await personLocale(store, workspaceId, 'zoe', settings)).toBe('fr');
    expect(await personLocale(store, workspaceId, 'nobody', settings)).toBe('fr');
    expect([...(await peopleLocales(store, workspaceId, ['amy', 'zoe', 'nobody'], settings))]).toEqual([
      ['amy', 'en'],
      ['zoe', 'fr'],
      ['nobody', 'fr'],
    ]);
  });

  it('writes only what changed, and keeps what a platform did not say', async () => {
    const first = await updatedAt('amy');
    now = new Date('2026-12-02T09:00:00Z');
    await store.people.remember(workspaceId, { userId: 'amy', locale: 'en-US', timezone: 'America/New_York' });
    expect(await updatedAt('amy')).toBe(first);
    // Discord gives a locale and no timezone: the one Slack gave stays.
    await store.people.remember(workspaceId, { userId: 'amy', locale: 'fr', timezone: null });
    expect(await store.people.get(workspaceId, ['amy'])).toEqual([
      { userId: 'amy', locale: 'fr', timezone: 'America/New_York' },
    ]);
    expect(await updatedAt('amy')).toBe('2026-12-02T09:00:00.000Z');
  });
});
