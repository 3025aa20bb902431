/**
 * Start-up problems that are the database's, told as such: where it is (host:port, never the
 * user or password), what happened, and what to check. The CLI exits with `exitCode`.
 */
export class DatabaseUnavailableError extends Error {
  /** EX_UNAVAILABLE (sysexits.h): a service Relais needs is not there; a supervisor may retry. */
  readonly exitCode = 69;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatabaseUnavailableError';
  }
}

/** "db.example:5432" or "h1:5432,h2:5433" from a PostgreSQL URL, read as postgres-js reads it. */
export function whereIs(url: string): string {
  const authority = url.replace(/^[a-z]+:\/\//i, '').split(/[/?#]/)[0] ?? '';
  const hosts = authority.slice(authority.indexOf('@') + 1) || 'localhost';
  return hosts
    .split(',')
    .map((host) => (/:\d+$/.test(host) ? host : `${host.replace(/:$/, '') || 'localhost'}:5432`))
    .join(',');
}

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(1))} s`;

/** The error of a first connection, retold so that it says it is the database. */
export function connectProblem(err: unknown, where: string, timeoutMs: number): DatabaseUnavailableError {
  const code = (err as { code?: unknown } | null)?.code;
  const at = `PostgreSQL at ${where}`;
  const said = err instanceof Error ? err.message : String(err);
  const message =
    code === 'ECONNREFUSED'
      ? `${at} refused the connection: is it running, and are DATABASE_URL's host and port right?`
      : code === 'CONNECT_TIMEOUT'
        ? `${at} did not answer within ${seconds(timeoutMs)} (DATABASE_CONNECT_TIMEOUT_MS): is it up, and is this its address?`
        : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
          ? `${at}: its host name was not found (DATABASE_URL)`
          : typeof code === 'string' && /^E[A-Z]+$/.test(code)
            ? `${at} could not be reached (${code})`
            : `${at} refused Relais: ${said}`;
  return new DatabaseUnavailableError(`cannot reach the database: ${message}`, { cause: err });
}

/** Giving up on the migration lock: who holds it, and what to do. */
export function migrationLockTimeout(
  where: string,
  waitedMs: number,
  holder: { pid: number; application: string | null } | null,
): DatabaseUnavailableError {
  const who = holder
    ? `another process (PostgreSQL session ${holder.pid}${holder.application ? `, ${holder.application}` : ''})`
    : 'another process';
  return new DatabaseUnavailableError(
    `gave up waiting for the database migration lock on PostgreSQL at ${where} after ${seconds(waitedMs)}: ` +
      `${who} holds it, migrating the database or stuck. If no other Relais is starting, end that session ` +
      `(select pg_terminate_backend(pid)); MIGRATION_LOCK_TIMEOUT_MS sets how long to wait.`,
  );
}
