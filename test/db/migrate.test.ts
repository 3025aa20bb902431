import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.ts';
import { freshDatabase, testDbKind } from '../support/test-database.ts';

let fresh: Awaited<ReturnType<typeof freshDatabase>>;
beforeAll(async () => {
  fresh = await freshDatabase();
});
afterAll(async () => fresh?.drop());

const migrationCount = JSON.parse(
  readFileSync(new URL('../../db/migrations/meta/_journal.json', import.meta.url), 'utf8'),
).entries.length;
const rows = (result: unknown): unknown[] =>
  Array.isArray(result) ? result : ((result as { rows: unknown[] }).rows ?? []);

describe(`migrations on ${testDbKind}`, () => {
  it('records every migration file once', async () => {
    const applied = rows(await fresh.database.db.execute(sql`select hash from drizzle.__drizzle_migrations`));
    expect(applied).toHaveLength(migrationCount);
    await fresh.database.migrate();
    expect(rows(await fresh.database.db.execute(sql`select hash from drizzle.__drizzle_migrations`))).toHaveLength(
      migrationCount,
    );
  });

  it.runIf(testDbKind === 'postgres')('lets several replicas start at once on one server', async () => {
    const replicas = await Promise.all([1, 2, 3].map(() => openDatabase({ kind: 'postgres', url: fresh.url! })));
    try {
      await Promise.all(replicas.map((r) => r.migrate()));
      expect(rows(await replicas[0]!.db.execute(sql`select hash from drizzle.__drizzle_migrations`))).toHaveLength(
        migrationCount,
      );
    } finally {
      await Promise.all(replicas.map((r) => r.close()));
    }
  });
});
