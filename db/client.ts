import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { DATABASE_DEFAULTS, type DatabaseConfig } from '../src/config.ts';
import type { Logger } from '../src/log.ts';
import { connectProblem, whereIs } from './database-errors.ts';
import { takeMigrationLock } from './migration-lock.ts';
import * as schema from './schema.ts';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  db: Db;
  kind: 'postgres' | 'pglite';
  /** Applies pending migrations; safe when several processes start at once. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

const MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));

export interface OpenOptions {
  /** Where waiting for the migration lock is said. */
  log?: Logger;
  /** How often that is said (default 5 s). */
  migrationLockLogEveryMs?: number;
}

/**
 * postgres-js when DATABASE_URL is set, an embedded PGlite in the data folder otherwise. PostgreSQL
 * is connected to at once, within the connect timeout: a database that refuses or never answers
 * is a DatabaseUnavailableError saying so.
 */
export async function openDatabase(
  config: DatabaseConfig | { kind: 'pglite-memory' },
  opts: OpenOptions = {},
): Promise<Database> {
  if (config.kind === 'postgres') return openPostgres(config, opts);
  const dataDir = config.kind === 'pglite' ? config.dataDir : undefined;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  return wrapPglite(dataDir ? new PGlite(dataDir) : new PGlite());
}

async function openPostgres(
  config: Extract<DatabaseConfig, { kind: 'postgres' }>,
  opts: OpenOptions,
): Promise<Database> {
  const { url } = config;
  const connectTimeoutMs = config.connectTimeoutMs ?? DATABASE_DEFAULTS.connectTimeoutMs;
  const where = whereIs(url);
  const connect = (max: number, application: string) =>
    postgres(url, {
      max,
      connect_timeout: connectTimeoutMs / 1000,
      onnotice: () => {},
      connection: { application_name: application },
    });
  /** The first query on a new client: its failure is the database's, and said so. */
  const reach = async (client: postgres.Sql) => {
    try {
      await client`select 1`;
    } catch (err) {
      await client.end({ timeout: 0 });
      throw connectProblem(err, where, connectTimeoutMs);
    }
  };

  const client = connect(10, 'relais');
  await reach(client);
  const db = drizzlePostgres(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    async migrate() {
      // drizzle's migrator takes no lock, and replicas starting together would race on the same
      // files: migrate on one dedicated connection holding a session advisory lock.
      const session = connect(1, 'relais migration');
      await reach(session);
      try {
        await takeMigrationLock(session, {
          timeoutMs: config.migrationLockTimeoutMs ?? DATABASE_DEFAULTS.migrationLockTimeoutMs,
          logEveryMs: opts.migrationLockLogEveryMs ?? 5000,
          where,
          ...(opts.log ? { log: opts.log } : {}),
        });
        await migratePostgres(drizzlePostgres(session, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
      } finally {
        await session.end({ timeout: 5 });
      }
    },
    close: () => client.end({ timeout: 5 }),
  };
}

function wrapPglite(client: PGlite): Database {
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    // PGlite is single-connection and in-process: nobody else can migrate it concurrently.
    migrate: () => migratePglite(drizzlePglite(client, { schema }), { migrationsFolder: MIGRATIONS_FOLDER }),
    close: () => client.close(),
  };
}

export async function pingDatabase(db: Db): Promise<boolean> {
  try {
    await db.execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}

/** Rows of a raw `db.execute`: postgres-js returns an array, PGlite an object with `rows`. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : ((result as { rows?: T[] }).rows ?? [])) as T[];
}
