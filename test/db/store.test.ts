import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { handledDeliveries, outbox, scheduleClaims } from '../../db/schema.ts';
import { createDbStore } from '../../db/store.ts';
import { DEFAULT_SETTINGS } from '../../src/domain/settings.ts';
import type { Store } from '../../src/ports.ts';
import type { Deps } from '../../src/services/deps.ts';
import { changeSettings } from '../../src/services/settings.ts';
import { freshDatabase, testDbKind } from '../support/test-database.ts';

/** The same suite on PGlite and on the PostgreSQL server (RELAIS_TEST_DB picks which). */

let fresh: Awaited<ReturnType<typeof freshDatabase>>;
let database: Database;
let store: Store;
let deps: Deps;

beforeAll(async () => {
  fresh = await freshDatabase();
  database = fresh.database;
  const clock = { now: () => new Date() };
  store = createDbStore(database.db, clock);
  deps = { store, clock, log: pino({ level: 'silent' }) };
});
afterAll(async () => fresh?.drop());

const admin = { userId: 'U-ADMIN', platformAdmin: true };

describe(`store on ${testDbKind}`, () => {
  it('migrates idempotently: running the migrations again changes nothing', async () => {
    await database.migrate();
    const ws = await store.ensureWorkspace({ platform: 'slack', externalId: 'T-MIGRATE' });
    expect(ws.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps one workspace per platform id, even when seen twice at once', async () => {
    const [a, b] = await Promise.all([
      store.ensureWorkspace({ platform: 'discord', externalId: 'G1', name: 'Acme' }),
      store.ensureWorkspace({ platform: 'discord', externalId: 'G1' }),
    ]);
    expect(a.id).toBe(b.id);
    expect((await store.ensureWorkspace({ platform: 'discord', externalId: 'G1' })).name).toBe('Acme');
    const other = await store.ensureWorkspace({ platform: 'slack', externalId: 'G1' });
    expect(other.id).not.toBe(a.id);
  });

  it('reads defaults for a new workspace, and merges stored settings over them', async () => {
    const ws = await store.ensureWorkspace({ platform: 'slack', externalId: 'T-DEFAULTS' });
    expect(await store.getSettings(ws.id)).toEqual(DEFAULT_SETTINGS);
    // A row written before a setting existed still reads, with the new setting at its default.
    await database.db.execute(
      sql`insert into workspace_settings (workspace_id, data, version, updated_at) values (${ws.id}, ${JSON.stringify({ approvalsNeeded: 3, charter: { maxHashtags: 2 } })}::jsonb, 1, now())`,
    );
    expect(await store.getSettings(ws.id)).toMatchObject({
      approvalsNeeded: 3,
      mastodonLimit: 500,
      charter: { maxHashtags: 2, forbiddenTerms: [] },
    });
  });

  it('writes settings only at the expected version', async () => {
    const ws = await store.ensureWorkspace({ platform: 'slack', externalId: 'T-VERSION' });
    expect(
      await store.putSettings(ws.id, { ...DEFAULT_SETTINGS, approvalsNeeded: 2 }, { version: 0, actorId: 'u' }),
    ).toBe(true);
    expect(
      await store.putSettings(ws.id, { ...DEFAULT_SETTINGS, approvalsNeeded: 5 }, { version: 0, actorId: 'u' }),
    ).toBe(false);
    expect(await store.settingsVersion(ws.id)).toBe(1);
    expect(
      await store.putSettings(ws.id, { ...DEFAULT_SETTINGS, approvalsNeeded: 4 }, { version: 1, actorId: 'u' }),
    ).toBe(true);
    expect((await store.getSettings(ws.id)).approvalsNeeded).toBe(4);
  });

  it('changes settings with their audit entry, or neither when the change fails half-way', async () => {
    const ws = await store.ensureWorkspace({ platform: 'slack', externalId: 'T-AUDIT' });
    const result = await changeSettings(deps, ws, admin, {
      apply: (s) => ({ ...s, approvalsNeeded: 2 }),
      admins: ['U-BOB'],
    });
    expect(result.changed).toEqual(['approvalsNeeded', 'admins']);
    expect(await store.listAdmins(ws.id)).toEqual(['U-BOB']);
    const [entry] = await store.listAudit(ws.id, 10);
    expect(entry).toMatchObject({
      actorId: 'U-ADMIN',
      action: 'settings.changed',
      details: {
        changed: ['approvalsNeeded', 'admins'],
        before: { approvalsNeeded: 1, admins: [] },
        after: { approvalsNeeded: 2, admins: ['U-BOB'] },
      },
    });

    // The audit write fails inside the transaction: the settings and admins must stay as they were.
    const failing: Store = {
      ...store,
      transaction: (fn) =>
        store.transaction((tx) =>
          fn({
            ...tx,
            recordAudit: async () => {
              throw new Error('disk full');
            },
          }),
        ),
    };
    await expect(
      changeSettings({ ...deps, store: failing }, ws, admin, {
        apply: (s) => ({ ...s, approvalsNeeded: 7 }),
        admins: ['U-EVE'],
      }),
    ).rejects.toThrow('disk full');
    expect((await store.getSettings(ws.id)).approvalsNeeded).toBe(2);
    expect(await store.listAdmins(ws.id)).toEqual(['U-BOB']);
    expect(await store.listAudit(ws.id, 10)).toHaveLength(1);
  });

  it('lets people named admin act, and no one else', async () => {
    const ws = await store.ensureWorkspace({ platform: 'slack', externalId: 'T-RIGHTS' });
    await expect(
      changeSettings(
        deps,
        ws,
        { userId: 'U-NOBODY', platformAdmin: false },
        { apply: (s) => ({ ...s, approvalsNeeded: 2 }) },
      ),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await changeSettings(deps, ws, admin, { admins: ['U-NAMED'] });
    await changeSettings(
      deps,
      ws,
      { userId: 'U-NAMED', platformAdmin: false },
      { apply: (s) => ({ ...s, approvalsNeeded: 2 }) },
    );
    expect((await store.getSettings(ws.id)).approvalsNeeded).toBe(2);
  });

  it('composes concurrent setting changes instead of losing one', async () => {
    const ws = await store.ensureWorkspace({ platform: 'slack', externalId: 'T-CONCURRENT' });
    await Promise.all([
      changeSettings(deps, ws, admin, { apply: (s) => ({ ...s, approvalsNeeded: 3 }) }),
      changeSettings(deps, ws, admin, { apply: (s) => ({ ...s, timezone: 'Asia/Tokyo' }) }),
      changeSettings(deps, ws, admin, { apply: (s) => ({ ...s, reviewDelayHours: 6 }) }),
    ]);
    expect(await store.getSettings(ws.id)).toMatchObject({
      approvalsNeeded: 3,
      timezone: 'Asia/Tokyo',
      reviewDelayHours: 6,
    });
    expect(await store.listAudit(ws.id, 10)).toHaveLength(3);
  });

  it('has the tables later capabilities claim work with: unique outbox keys, schedule slots, handled deliveries', async () => {
    const ws = await store.ensureWorkspace({ platform: 'slack', externalId: 'T-QUEUE' });
    const at = new Date('2026-11-21T08:00:00Z');
    const first = await database.db
      .insert(outbox)
      .values({ workspaceId: ws.id, kind: 'post', payload: {}, dedupeKey: 'k1', availableAt: at, createdAt: at })
      .onConflictDoNothing()
      .returning();
    const again = await database.db
      .insert(outbox)
      .values({ workspaceId: ws.id, kind: 'post', payload: {}, dedupeKey: 'k1', availableAt: at, createdAt: at })
      .onConflictDoNothing()
      .returning();
    expect([first.length, again.length]).toEqual([1, 0]);
    await expect(
      database.db
        .insert(outbox)
        .values({ workspaceId: ws.id, kind: 'post', payload: {}, status: 'lost', availableAt: at, createdAt: at }),
    ).rejects.toThrow();
    const claims = await Promise.all(
      ['a', 'b'].map((by) =>
        database.db
          .insert(scheduleClaims)
          .values({ job: 'digest:C1', slot: '2026-11-21', claimedBy: by, claimedAt: at })
          .onConflictDoNothing()
          .returning(),
      ),
    );
    expect(claims.map((c) => c.length).sort()).toEqual([0, 1]);
    const handled = await Promise.all(
      [1, 2].map(() =>
        database.db.insert(handledDeliveries).values({ key: 'slack:evt1', at }).onConflictDoNothing().returning(),
      ),
    );
    expect(handled.map((h) => h.length).sort()).toEqual([0, 1]);
  });
});
