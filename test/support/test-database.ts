import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { type Database, openDatabase } from '../../db/client.ts';
import { createDbStore } from '../../db/store.ts';
import type { Clock, Store } from '../../src/ports.ts';

export const testDbKind = process.env.RELAIS_TEST_DB === 'postgres' ? 'postgres' : 'pglite';

/**
 * A fresh, migrated database for one test file: an in-memory PGlite, or a new database on the
 * PostgreSQL server at TEST_DATABASE_URL (dropped again by `drop`).
 */
export async function freshDatabase(
  kind: 'pglite' | 'postgres' = testDbKind,
): Promise<{ database: Database; url: string | null; drop(): Promise<void> }> {
  if (kind === 'pglite') {
    const database = await openDatabase({ kind: 'pglite-memory' });
    await database.migrate();
    return { database, url: null, drop: () => database.close() };
  }
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error('RELAIS_TEST_DB=postgres needs TEST_DATABASE_URL');
  const name = `relais_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const database = await openDatabase({ kind: 'postgres', url: url.toString() });
  await database.migrate();
  return {
    database,
    url: url.toString(),
    async drop() {
      await database.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/**
 * A fresh database seen by two "replicas": on PostgreSQL two connection pools, on PGlite (one
 * connection) the same database twice. `close` closes the second pool and drops the database.
 */
export async function twoReplicas(clock: Clock) {
  const fresh = await freshDatabase();
  const second = fresh.url ? await openDatabase({ kind: 'postgres', url: fresh.url }) : null;
  const stores: Store[] = [
    createDbStore(fresh.database.db, clock),
    createDbStore((second ?? fresh.database).db, clock),
  ];
  return {
    fresh,
    stores,
    async close() {
      await second?.close();
      await fresh.drop();
    },
  };
}
