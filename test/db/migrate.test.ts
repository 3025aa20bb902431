import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.ts';
import { MIGRATION_LOCK_KEY } from '../../db/migration-lock.ts';
import { createLogger } from '../../src/log.ts';
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

  const onlyPostgres = '(PostgreSQL only: PGlite is one in-process connection, nobody else can hold the lock)';
  const onPostgres = testDbKind === 'postgres';

  it.runIf(onPostgres)(
    `says it waits for the migration lock another process holds, and gives up after a bounded time${onPostgres ? '' : ` ${onlyPostgres}`}`,
    async () => {
      const { holder, pid, release } = await holdMigrationLock(fresh.url!);
      const { log, lines } = recordingLog();
      const replica = await openDatabase(
        { kind: 'postgres', url: fresh.url!, migrationLockTimeoutMs: 1200 },
        { log, migrationLockLogEveryMs: 400 },
      );
      try {
        const where = `${new URL(fresh.url!).hostname}:${new URL(fresh.url!).port || 5432}`;
        await expect(replica.migrate()).rejects.toThrow(
          `gave up waiting for the database migration lock on PostgreSQL at ${where} after 1.2 s: another process (PostgreSQL session ${pid}, stuck migrator) holds it`,
        );
        const waiting = lines.filter((l) => String(l.msg).startsWith('waiting for the database migration lock'));
        expect(waiting.map((l) => l.waitedMs)).toEqual([0, 400, 800]);
        expect(waiting[0]).toMatchObject({ level: 40, holderPid: pid, holderApplication: 'stuck migrator' });
        expect(waiting[0]?.msg).toContain(`PostgreSQL session ${pid}`);
        // Nothing was left half-done: the holder still has its lock, and it is the only one.
        const [lock] = await holder<{ held: number }[]>`select count(*)::int as held from pg_locks
          where locktype = 'advisory' and granted and objid::bigint = ${MIGRATION_LOCK_KEY % 2 ** 32}`;
        expect(lock?.held).toBe(1);
      } finally {
        await release();
        await replica.close();
      }
    },
  );

  it.runIf(onPostgres)(
    `takes the lock the moment the other process lets go, and migrates${onPostgres ? '' : ` ${onlyPostgres}`}`,
    async () => {
      const { release } = await holdMigrationLock(fresh.url!);
      let sawWaiting: () => void = () => {};
      const waiting = new Promise<void>((resolve) => (sawWaiting = resolve));
      const { log, lines } = recordingLog((line) => {
        if (String(line.msg).startsWith('waiting for the database migration lock')) sawWaiting();
      });
      const replica = await openDatabase(
        { kind: 'postgres', url: fresh.url!, migrationLockTimeoutMs: 60_000 },
        { log, migrationLockLogEveryMs: 30_000 },
      );
      try {
        const migrating = replica.migrate();
        await waiting;
        await release();
        await migrating;
        expect(lines.map((l) => l.msg)).toContain('took the database migration lock');
        expect(rows(await replica.db.execute(sql`select hash from drizzle.__drizzle_migrations`))).toHaveLength(
          migrationCount,
        );
      } finally {
        await replica.close();
      }
    },
  );
});

/** Another process's session holding the migration lock, as a stuck or slow migrator would. */
async function holdMigrationLock(url: string) {
  const holder = postgres(url, { max: 1, onnotice: () => {}, connection: { application_name: 'stuck migrator' } });
  const [row] = await holder<{ pid: number }[]>`select pg_backend_pid() as pid`;
  await holder`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
  return {
    holder,
    pid: row!.pid,
    release: async () => {
      await holder`select pg_advisory_unlock_all()`;
      await holder.end({ timeout: 5 });
    },
  };
}

function recordingLog(onLine: (line: Record<string, unknown>) => void = () => {}) {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger({
    level: 'info',
    secrets: [],
    destination: {
      write(text: string) {
        const line = JSON.parse(text) as Record<string, unknown>;
        lines.push(line);
        onLine(line);
      },
    },
  });
  return { log, lines };
}
