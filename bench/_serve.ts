import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Starts a server process and resolves with the URL it logs once listening. */
export function serve(
  args: string[],
  env: Record<string, string>,
): Promise<{ url: string; stop: () => Promise<void> }> {
  // BENCH_NODE_ARGS (e.g. `--cpu-prof`) goes to the servers' node, to profile them under load.
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // Never leave a server behind, whatever happens to this process.
  process.on('exit', () => child.kill('SIGKILL'));
  let out = '';
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}:\n${out}`)));
    child.stdout.on('data', (chunk) => {
      out += String(chunk);
      const m = /"url":"(http:\/\/localhost:\d+\/)"/.exec(out);
      if (m) {
        child.stdout.removeAllListeners('data');
        child.stdout.resume();
        resolve({
          url: `${m[1]!.replace('localhost', '127.0.0.1')}slack/events`,
          stop: () =>
            new Promise<void>((done) => {
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    });
  });
}
