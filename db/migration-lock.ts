import type postgres from 'postgres';
import type { Logger } from '../src/log.ts';
import { migrationLockTimeout } from './database-errors.ts';

/**
 * Replicas starting together migrate one at a time under a session advisory lock. Waiting for it
 * is said in the log every `logEveryMs` (with who holds it), and bounded by `timeoutMs`.
 *
 * The wait is measured by PostgreSQL itself: each slice is one `pg_advisory_lock` under a
 * `lock_timeout` of the slice's length, so the process takes the lock the moment it is free and
 * no clock of ours decides anything.
 */

// Any constant works; it only has to be the same for every Relais process on one server.
export const MIGRATION_LOCK_KEY = 7_215_043_001;
const LOCK_NOT_AVAILABLE = '55P03';

interface MigrationLockOptions {
  timeoutMs: number;
  logEveryMs: number;
  log?: Logger;
  /** host:port, for the messages. */
  where: string;
}

export async function takeMigrationLock(session: postgres.Sql, opts: MigrationLockOptions): Promise<void> {
  const [first] = await session<{ locked: boolean }[]>`select pg_try_advisory_lock(${MIGRATION_LOCK_KEY}) as locked`;
  if (first?.locked) return;
  let waitedMs = 0;
  for (;;) {
    const holder = await lockHolder(session);
    if (waitedMs >= opts.timeoutMs) throw migrationLockTimeout(opts.where, waitedMs, holder);
    opts.log?.warn(
      { waitedMs, timeoutMs: opts.timeoutMs, holderPid: holder?.pid, holderApplication: holder?.application },
      `waiting for the database migration lock: another process${holder ? ` (PostgreSQL session ${holder.pid})` : ''} is migrating the database`,
    );
    const slice = Math.min(opts.logEveryMs, opts.timeoutMs - waitedMs);
    await session`select set_config('lock_timeout', ${`${slice}ms`}, false)`;
    try {
      await session`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
      await session`select set_config('lock_timeout', '0', false)`;
      opts.log?.info({ waitedMs: waitedMs + slice }, 'took the database migration lock');
      return;
    } catch (err) {
      if ((err as { code?: unknown }).code !== LOCK_NOT_AVAILABLE) throw err;
    }
    waitedMs += slice;
  }
}

/** The session holding the lock, when this role may see it. */
async function lockHolder(session: postgres.Sql): Promise<{ pid: number; application: string | null } | null> {
  // A bigint advisory key shows in pg_locks as classid (high 32 bits), objid (low 32 bits), objsubid 1.
  const high = Math.floor(MIGRATION_LOCK_KEY / 2 ** 32);
  const low = MIGRATION_LOCK_KEY % 2 ** 32;
  const [row] = await session<{ pid: number; application: string | null }[]>`
    select l.pid, nullif(a.application_name, '') as application
    from pg_locks l left join pg_stat_activity a on a.pid = l.pid
    where l.locktype = 'advisory' and l.granted and l.objsubid = 1
      and l.classid::bigint = ${high} and l.objid::bigint = ${low}
    limit 1`;
  return row ?? null;
}
