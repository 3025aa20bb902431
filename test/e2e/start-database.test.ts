import { spawn } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * `relais start` as an operator runs it, against a database that is not there: a malformed
 * DATABASE_URL, a port where nothing listens, a server that accepts and never answers. Each time
 * the process says it is the database (where, never the password), within a bounded time, and
 * exits with a non-zero code.
 */

const ROOT = new URL('../..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/relais.js');
const PASSWORD = 'hunter2-db-password';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function relais(args: string[], env: Record<string, string>): Promise<Run> {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += String(c)));
  child.stderr.on('data', (c) => (stderr += String(c)));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

function listening(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
}

/** A port on 127.0.0.1 where nothing listens: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  const port = await listening(server);
  await new Promise((r) => server.close(r));
  return port;
}

/** Accepts connections and never writes a byte, like a database behind a dead proxy. */
const silent = createServer((socket) => sockets.push(socket));
const sockets: Socket[] = [];
let silentPort: number;
beforeAll(async () => {
  silentPort = await listening(silent);
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((r) => silent.close(r));
});

describe('relais start and the database', () => {
  it('names a malformed DATABASE_URL with the other settings’ problems, without its password', async () => {
    const run = await relais(['start'], {
      DATABASE_URL: `postgres://relais:${PASSWORD}@db.example:99999/relais`,
      PORT: 'eighty',
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('DATABASE_URL: has a port outside 1–65535');
    expect(run.stderr).toContain('PORT');
    expect(run.stderr + run.stdout).not.toContain(PASSWORD);
  }, 60_000);

  it('says the database refused the connection, where, and exits non-zero at once', async () => {
    const port = await closedPort();
    const url = `postgres://relais:${PASSWORD}@127.0.0.1:${port}/relais`;
    const start = await relais(['start'], { DATABASE_URL: url });
    expect(start.code).toBe(69);
    expect(start.stderr).toContain(`database: PostgreSQL at 127.0.0.1:${port} refused the connection`);
    expect(start.stderr).not.toMatch(/\n\s+at /); // a sentence, not a stack trace
    expect(start.stderr + start.stdout).not.toContain(PASSWORD);
    // The log says it too, right after starting (timed by the log itself: loading the code is slow
    // on a busy machine, connecting is not).
    expect(secondsToGiveUp(start.stdout)).toBeLessThan(3);

    const migrate = await relais(['migrate'], { DATABASE_URL: url });
    expect(migrate.code).toBe(69);
    expect(migrate.stderr).toContain(`database: PostgreSQL at 127.0.0.1:${port} refused the connection`);
    expect(migrate.stderr + migrate.stdout).not.toContain(PASSWORD);
  }, 60_000);

  it('gives up on a database that never answers after the connect timeout, saying so', async () => {
    const before = sockets.length;
    const url = `postgres://relais:${PASSWORD}@127.0.0.1:${silentPort}/relais`;
    const run = await relais(['start'], { DATABASE_URL: url, DATABASE_CONNECT_TIMEOUT_MS: '1500' });
    expect(sockets.length).toBeGreaterThan(before); // it did reach the silent server
    expect(run.code).toBe(69);
    expect(run.stderr).toContain(`database: PostgreSQL at 127.0.0.1:${silentPort} did not answer within 1.5 s`);
    expect(run.stderr + run.stdout).not.toContain(PASSWORD);
    const waited = secondsToGiveUp(run.stdout);
    expect(waited).toBeGreaterThanOrEqual(1.5);
    expect(waited).toBeLessThan(4.5);
  }, 60_000);
});

/** Seconds between the log's "starting Relais" and its error line about the database. */
function secondsToGiveUp(stdout: string): number {
  const lines = stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { time: number; msg: string; level: number });
  const started = lines.find((l) => l.msg === 'starting Relais');
  const failed = lines.find((l) => l.level >= 50 && l.msg.startsWith('cannot reach the database'));
  if (!started || !failed) throw new Error(`no start and failure lines in the log:\n${stdout}`);
  return (failed.time - started.time) / 1000;
}
