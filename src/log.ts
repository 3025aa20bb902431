import { type DestinationStream, type Logger, pino } from 'pino';

export type { Logger };

/**
 * The process logger. Secrets are scrubbed from the final line, whatever path they took into it
 * (an error message quoting a token, a URL with a password…), not only from known fields.
 * On a terminal a person reads it: short lines; anywhere else (a file, a log collector) JSON.
 */
export function createLogger(opts: {
  level: string;
  secrets: string[];
  destination?: DestinationStream;
  /** Human lines instead of JSON (default: when stdout is a terminal and no destination is given). */
  human?: boolean;
}): Logger {
  const secrets = opts.secrets.filter((s) => s.length >= 4);
  const human = opts.human ?? (!opts.destination && process.stdout.isTTY === true);
  const destination = opts.destination ?? standardOutput();
  return pino(
    {
      level: opts.level,
      base: { app: 'relais' },
      redact: {
        paths: ['*.token', '*.botToken', '*.appToken', '*.signingSecret', '*.password', 'headers.authorization'],
        censor: '[secret]',
      },
      hooks: {
        streamWrite: (line) => secrets.reduce((out, secret) => out.split(secret).join('[secret]'), line),
      },
    },
    human ? humanLines(destination) : destination,
  );
}

let stdoutGuarded = false;

/**
 * Standard output as Node writes it (synchronously on Linux). A reader that went away (EPIPE: the
 * pipe's other end closed) loses the lines but does not stop Relais from stopping; pino's own
 * destination retries that write forever on exit, and the process never ends.
 */
function standardOutput(): DestinationStream {
  if (!stdoutGuarded) {
    stdoutGuarded = true;
    process.stdout.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
    });
  }
  return { write: (line: string) => void process.stdout.write(line) };
}

const LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: '', 40: 'warning', 50: 'error', 60: 'fatal' };
/** Fields every line has, or that the line's own words already say. */
const QUIET = new Set(['level', 'time', 'pid', 'hostname', 'app', 'msg', 'err']);

/** Turns pino's JSON lines into `12:04:31 warning: message (key=value)` for a person at a terminal. */
function humanLines(out: DestinationStream): DestinationStream {
  return {
    write(line: string) {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        out.write(line);
        return;
      }
      const time = new Date(Number(entry.time)).toTimeString().slice(0, 8);
      const level = LEVELS[Number(entry.level)] ?? '';
      // An info line is a sentence on its own; details matter when something went wrong (or when asked).
      const detailed = Number(entry.level) !== 30;
      const extras = Object.entries(entry)
        .filter(([k, v]) => detailed && !QUIET.has(k) && v !== undefined)
        .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
      const err = entry.err as { message?: string } | undefined;
      const parts = [
        time,
        level ? `${level}:` : '',
        String(entry.msg ?? ''),
        err?.message && err.message !== entry.msg ? `— ${err.message}` : '',
        extras.length > 0 ? `(${extras.join(', ')})` : '',
      ];
      out.write(`${parts.filter(Boolean).join(' ')}\n`);
    },
  };
}
