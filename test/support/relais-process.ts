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
