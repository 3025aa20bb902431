import { type ChildProcess, spawn } from 'node:child_process';

const ROOT = new URL('../..', import.meta.url).pathname;

/** Real `relais start` processes for tests, stopped together at the end. */
export function relaisProcesses() {
  const running = new Set<ChildProcess>();
  return {
    /** Starts one with these settings (PATH and PORT=0 added) and resolves once it is up. */
    start(env: Record<string, string>): Promise<ChildProcess> {
      const child = spawn(process.execPath, ['bin/relais.js', 'start'], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', PORT: '0', LOG_LEVEL: 'info', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      running.add(child);
      child.once('exit', () => running.delete(child));
      let out = '';
      return new Promise((resolve, reject) => {
        child.once('exit', (code) => reject(new Error(`relais exited with ${code}: ${out}`)));
        child.stderr!.on('data', (c) => (out += String(c)));
        child.stdout!.on('data', (c) => {
          out += String(c);
          if (out.includes('Relais is up')) resolve(child);
        });
      });
    },
    /** Stops every process still running and waits for each to exit. */
    stopAll(signal: NodeJS.Signals): Promise<unknown> {
      return Promise.all(
        [...running].map(
          (c) =>
            new Promise((r) => {
              c.once('exit', r);
              c.kill(signal);
            }),
        ),
      );
    },
  };
}

export interface StartedRelais {
  child: ChildProcess;
  /** Where it said it is ready (the playground's page, or the health check's base). */
  url: string;
  /** Everything it wrote so far, stdout and stderr together. */
  output(): string;
  /** Resolves with the exit code (or the signal's name) once it has exited. */
  exited: Promise<number | string | null>;
}

/**
 * One `relais start` (or `npm start`, as a newcomer types it) on its own, resolved once its log
 * says it is ready, with the URL it gives. The caller stops it.
 */
export function startRelaisProcess(
  env: Record<string, string>,
  opts: { via?: 'node' | 'npm'; timeoutMs?: number } = {},
): Promise<StartedRelais> {
  const [command, args] =
    opts.via === 'npm' ? ['npm', ['start', '--silent']] : [process.execPath, ['bin/relais.js', 'start']];
  const child = spawn(command, args as string[], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<number | string | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal)),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`relais was not ready in time:\n${out}`)),
      opts.timeoutMs ?? 90_000,
    );
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`relais exited with ${code}:\n${out}`));
    });
    child.stderr!.on('data', (c) => (out += String(c)));
    child.stdout!.on('data', (c) => {
      out += String(c);
      const url = /"url":"(http:\/\/[^"]+)"[^\n]*"msg":"Relais is (?:ready|up)/.exec(out)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ child, url, output: () => out, exited });
      }
    });
  });
}
