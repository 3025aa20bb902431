import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startRelaisProcess } from '../support/relais-process.ts';

/** The `relais` command as a newcomer runs it: a real process, the embedded database on disk. */

const ROOT = new URL('../..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/relais.js');
const SCRIPT = '/usr/bin/script';
const dataDir = mkdtempSync(join(tmpdir(), 'relais-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const baseEnv = {
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '',
  RELAIS_DATA_DIR: dataDir,
  LOG_LEVEL: 'info',
};

describe('relais CLI', () => {
  it('explains itself and each subcommand with --help', () => {
    const top = spawnSync(process.execPath, [BIN, '--help'], { env: baseEnv, encoding: 'utf8' });
    expect(top.status).toBe(0);
    expect(top.stdout).toMatch(/start[\s\S]*migrate[\s\S]*discord/);
    const register = spawnSync(process.execPath, [BIN, 'discord', 'register', '--help'], {
      env: baseEnv,
      encoding: 'utf8',
    });
    expect(register.status).toBe(0);
    expect(register.stdout).toContain('only if they differ');
  });

  it('refuses to start on bad settings, naming every problem and no secret', () => {
    const run = spawnSync(process.execPath, [BIN, 'start'], {
      env: { ...baseEnv, PORT: 'nope', DISCORD_TOKEN: 'super-secret-token' },
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('PORT');
    expect(run.stderr).toContain('DISCORD_APPLICATION_ID');
    expect(run.stderr).not.toContain('super-secret-token');
  });

  // Three processes that each start TypeScript: slow on a busy machine.
  it('prints a feed’s normalised items as JSON, and refuses what is not a feed or not public', {
    timeout: 90_000,
  }, () => {
    const ok = spawnSync(
      process.execPath,
      [BIN, 'veille', 'parse', join(ROOT, 'test/fixtures/feeds/rss-1.0-rdf.xml')],
      { env: baseEnv, encoding: 'utf8' },
    );
    expect(ok.status).toBe(0);
    const items = JSON.parse(ok.stdout) as { title: string; url: string; publishedAt: string | null }[];
    expect(items.length).toBeGreaterThan(0);
    expect(Object.keys(items[0]!)).toEqual(['title', 'url', 'publishedAt', 'summary', 'author', 'id']);
    const page = join(dataDir, 'page.html');
    writeFileSync(page, '<!doctype html><html><body><h1>Not a feed</h1></body></html>');
    const html = spawnSync(process.execPath, [BIN, 'veille', 'parse', page], { env: baseEnv, encoding: 'utf8' });
    expect(html.status).not.toBe(0);
    expect(html.stderr).toContain('not-a-feed');
    const internal = spawnSync(process.execPath, [BIN, 'veille', 'parse', 'http://169.254.169.254/latest/meta-data'], {
      env: baseEnv,
      encoding: 'utf8',
    });
    expect(internal.status).not.toBe(0);
    expect(internal.stderr).toContain('not a public address');
  });

  // A process that starts TypeScript and migrates PGlite: tens of seconds on a busy machine.
  it('migrates the embedded database', { timeout: 120_000 }, () => {
    const run = spawnSync(process.execPath, [BIN, 'migrate'], { env: baseEnv, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('pglite');
    expect(run.status).toBe(0);
  });

  it('starts the playground, reports a healthy database, and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN, 'start'], {
      env: { ...baseEnv, PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += String(chunk)));
    child.stderr.on('data', (chunk) => (out += String(chunk)));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL in output:\n${out}`)), 30_000);
      child.stdout.on('data', () => {
        const m = /"url":"(http:\/\/localhost:\d+\/)"/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
    });
    const health = await fetch(`${url}healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', database: 'up', databaseKind: 'pglite' });
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toContain('Relais stopped');
  }, 60_000);

  it.each([
    ['SIGTERM', 'as a process manager stops it'],
    ['SIGKILL', 'when npm itself is killed outright'],
  ] as const)(
    'stops `npm start` as a whole on %s (%s): the port is free and no Relais is left',
    async (signal, _when) => {
      const own = mkdtempSync(join(tmpdir(), 'relais-npm-'));
      let descendants: number[] = [];
      try {
        const npm = await startRelaisProcess({ RELAIS_DATA_DIR: own }, { via: 'npm' });
        const port = Number(new URL(npm.url).port);
        // Every process npm started (the shell, if any, and Relais under it).
        descendants = descendantsOf(npm.child.pid!);
        expect(descendants.length).toBeGreaterThan(0);
        npm.child.kill(signal);
        await npm.exited;
        await expect.poll(() => descendants.filter(isAlive), { timeout: 10_000 }).toEqual([]);
        expect(await portIsFree(port)).toBe(true);
      } finally {
        // A Relais left behind by a failure here is stopped, by its own id.
        for (const pid of descendants.filter(isAlive)) process.kill(pid, 'SIGKILL');
        rmSync(own, { recursive: true, force: true });
      }
    },
    120_000,
  );

  it('stops on SIGTERM even when whoever read its output has gone away', async () => {
    const own = mkdtempSync(join(tmpdir(), 'relais-epipe-'));
    try {
      const relais = await startRelaisProcess({ RELAIS_DATA_DIR: own });
      const port = Number(new URL(relais.url).port);
      relais.child.stdout!.destroy(); // the log reader is gone: each line written now is EPIPE
      relais.child.kill('SIGTERM');
      const code = await Promise.race([
        relais.exited,
        new Promise((r) => setTimeout(() => r('still running'), 15_000)),
      ]);
      if (code === 'still running') relais.child.kill('SIGKILL');
      expect(code).toBe(0);
      expect(await portIsFree(port)).toBe(true);
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  }, 120_000);

  it('says in one sentence that the port is taken and to set PORT, with no stack trace', async () => {
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', () => r()));
    const port = (taken.address() as { port: number }).port;
    try {
      const run = spawnSync(process.execPath, [BIN, 'start'], {
        env: { ...baseEnv, PORT: String(port) },
        encoding: 'utf8',
        timeout: 90_000,
      });
      expect(run.status).not.toBe(0);
      expect(run.status).not.toBeNull();
      expect(run.stderr).toContain(`Port ${port} is already taken`);
      expect(run.stderr).toContain('set PORT');
      expect(`${run.stdout}${run.stderr}`).not.toMatch(/\n\s+at /);
    } finally {
      await new Promise((r) => taken.close(r));
    }
  }, 120_000);

  // util-linux's `script` gives Relais a terminal, as when someone types `npm start`.
  it.skipIf(!existsSync(SCRIPT))(
    'writes short lines a person reads on a terminal, and JSON elsewhere',
    async () => {
      const own = mkdtempSync(join(tmpdir(), 'relais-tty-'));
      try {
        const child = spawn(SCRIPT, ['-qec', `${process.execPath} ${BIN} start`, '/dev/null'], {
          env: { ...baseEnv, RELAIS_DATA_DIR: own, PORT: '0' },
          stdio: ['pipe', 'pipe', 'pipe'],
        });
        let out = '';
        child.stdout.on('data', (c) => (out += String(c)));
        const exited = new Promise((r) => child.once('exit', r));
        await expect
          .poll(() => out, { timeout: 90_000, interval: 200 })
          .toMatch(/Relais is ready: open http:\/\/localhost:\d+\/ — Ctrl\+C stops it/);
        expect(out).not.toContain('{"level"');
        expect(out).toMatch(/^\d\d:\d\d:\d\d starting Relais/m);
        child.stdin.write('\x03'); // Ctrl+C at the terminal
        await exited;
        expect(out).toContain('Relais stopped');
      } finally {
        rmSync(own, { recursive: true, force: true });
      }
    },
    120_000,
  );
});

function descendantsOf(pid: number): number[] {
  const children = spawnSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
    .stdout.split('\n')
    .map((l) => Number(l.trim()))
    .filter((n) => n > 0);
  return children.flatMap((c) => [c, ...descendantsOf(c)]);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}
