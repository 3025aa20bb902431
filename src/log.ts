import { type DestinationStream, type Logger, pino } from 'pino';

export type { Logger };

/**
 * The process logger. Secrets are scrubbed from the final line, whatever path they took into it
 * (an error message quoting a token, a URL with a password…), not only from known fields.
 */
export function createLogger(opts: { level: string; secrets: string[]; destination?: DestinationStream }): Logger {
  const secrets = opts.secrets.filter((s) => s.length >= 4);
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
    opts.destination ?? pino.destination(1),
  );
}
