import { z } from 'zod';

/**
 * The only reader of process.env. Every setting goes through one schema; a bad or missing value
 * stops start-up with one message that names every problem at once.
 */

export type DatabaseConfig =
  | { kind: 'postgres'; url: string; connectTimeoutMs?: number; migrationLockTimeoutMs?: number }
  | { kind: 'pglite'; dataDir: string };

export const DATABASE_DEFAULTS = { connectTimeoutMs: 10_000, migrationLockTimeoutMs: 5 * 60_000 } as const;

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(blankToUndefined, z.string().optional());

const envSchema = z.object({
  PORT: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).max(65535).default(3000)),
  HOST: z.preprocess(blankToUndefined, z.string().min(1).optional()),
  DATABASE_URL: z.preprocess(
    blankToUndefined,
    z
      .string()
      .superRefine((url, ctx) => {
        const problem = databaseUrlProblem(url);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .optional(),
  ),
  /** How long connecting to PostgreSQL may take before start-up gives up, saying so. */
  DATABASE_CONNECT_TIMEOUT_MS: z.preprocess(
    blankToUndefined,
    z.coerce.number().int().min(100).max(600_000).default(DATABASE_DEFAULTS.connectTimeoutMs),
  ),
  /** How long start-up waits for another process's migration before giving up. */
  MIGRATION_LOCK_TIMEOUT_MS: z.preprocess(
    blankToUndefined,
    z.coerce.number().int().min(1000).max(3_600_000).default(DATABASE_DEFAULTS.migrationLockTimeoutMs),
  ),
  RELAIS_DATA_DIR: z.preprocess(blankToUndefined, z.string().default('./.relais')),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_BOT_TOKEN: z.preprocess(
    blankToUndefined,
    z.string().startsWith('xoxb-', 'must be a bot token (xoxb-…)').optional(),
  ),
  SLACK_APP_TOKEN: z.preprocess(
    blankToUndefined,
    z.string().startsWith('xapp-', 'must be an app-level token (xapp-…)').optional(),
  ),
  SLACK_API_URL: z.preprocess(blankToUndefined, z.url().default('https://slack.com/api/')),
  /** How long Relais waits at start for Slack to say who its bot is (auth.test) before giving up. */
  SLACK_AUTH_TIMEOUT_SECONDS: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(120).default(10)),
  DISCORD_TOKEN: optionalString,
  DISCORD_APPLICATION_ID: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^\d{5,25}$/, 'must be the numeric application id')
      .optional(),
  ),
  DISCORD_API_URL: z.preprocess(blankToUndefined, z.url().default('https://discord.com/api')),
  /** The application's public key: interactions then come over HTTP (Interactions Endpoint), not the gateway. */
  DISCORD_PUBLIC_KEY: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^[0-9a-f]{64}$/i, 'must be the application public key (64 hexadecimal characters)')
      .optional(),
  ),
  /** Forces the playground on even when platform credentials are set ("1"/"true"), or off ("0"). */
  RELAIS_PLAYGROUND: z.preprocess(blankToUndefined, z.enum(['1', 'true', '0', 'false']).optional()),
  /** Hosts or ranges feed URLs may reach although private (intranets, tests), comma-separated. */
  VEILLE_ALLOW_PRIVATE: z.preprocess(blankToUndefined, z.string().optional()),
  /** Testing aid: this process's clock starts at this instant (ISO-8601) and runs from there. */
  RELAIS_CLOCK_START: z.preprocess(blankToUndefined, z.iso.datetime({ offset: true }).optional()),
  /** Seconds between scheduler ticks (polling, digests, reminders); 60 in production. */
  SCHEDULER_TICK_SECONDS: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(60).default(60)),
  /** How long a worker holds a queued message before another may take it over (a crashed process). */
  OUTBOX_LEASE_MS: z.preprocess(blankToUndefined, z.coerce.number().int().min(500).max(600_000).default(30_000)),
  LOG_LEVEL: z.preprocess(
    blankToUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
});

export type SlackConfig =
  | { mode: 'http'; botToken: string; signingSecret: string; apiUrl: string; authTimeoutMs: number }
  | {
      mode: 'socket';
      botToken: string;
      appToken: string;
      signingSecret?: string;
      apiUrl: string;
      authTimeoutMs: number;
    };

export interface DiscordConfig {
  token: string;
  applicationId: string;
  apiUrl: string;
  /** Set: interactions arrive over HTTP, signed with this key (hex); unset: over the gateway. */
  publicKey?: string;
}

export interface Config {
  port: number;
  /** Where the HTTP server listens. */
  host: string;
  database: DatabaseConfig;
  slack: SlackConfig | null;
  discord: DiscordConfig | null;
  playground: boolean;
  outboxLeaseMs: number;
  veilleAllowPrivate: string[];
  clockStart: Date | null;
  tickSeconds: number;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  /** Every secret value, so the logger can scrub them wherever they appear. */
  secrets: string[];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Relais cannot start, its settings have ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

/** Settings that only make sense together; checked on the raw values so every problem is listed at once. */
function pairingProblems(env: Record<string, string | undefined>): string[] {
  const set = (name: string) => Boolean(env[name]?.trim());
  const problems: string[] = [];
  if ((set('SLACK_SIGNING_SECRET') || set('SLACK_APP_TOKEN')) && !set('SLACK_BOT_TOKEN')) {
    problems.push('SLACK_BOT_TOKEN: is required when any SLACK_ setting is set');
  }
  if (set('SLACK_BOT_TOKEN') && !set('SLACK_SIGNING_SECRET') && !set('SLACK_APP_TOKEN')) {
    problems.push('SLACK_SIGNING_SECRET: set it (HTTP mode) or set SLACK_APP_TOKEN (Socket Mode)');
  }
  if (set('DISCORD_TOKEN') && !set('DISCORD_APPLICATION_ID'))
    problems.push('DISCORD_APPLICATION_ID: is required with DISCORD_TOKEN');
  if (set('DISCORD_APPLICATION_ID') && !set('DISCORD_TOKEN'))
    problems.push('DISCORD_TOKEN: is required with DISCORD_APPLICATION_ID');
  if (set('DISCORD_PUBLIC_KEY') && !set('DISCORD_TOKEN'))
    problems.push('DISCORD_TOKEN: is required with DISCORD_PUBLIC_KEY (answers and posts use the REST API)');
  return problems;
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  // Name the variable and the problem, never the value: it may be a secret.
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`)),
    ...pairingProblems(env),
  ];
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;

  let slack: SlackConfig | null = null;
  if (e.SLACK_BOT_TOKEN && e.SLACK_APP_TOKEN) {
    slack = {
      mode: 'socket',
      botToken: e.SLACK_BOT_TOKEN,
      appToken: e.SLACK_APP_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      apiUrl: withSlash(e.SLACK_API_URL),
      authTimeoutMs: e.SLACK_AUTH_TIMEOUT_SECONDS * 1000,
    };
  } else if (e.SLACK_BOT_TOKEN && e.SLACK_SIGNING_SECRET) {
    slack = {
      mode: 'http',
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      apiUrl: withSlash(e.SLACK_API_URL),
      authTimeoutMs: e.SLACK_AUTH_TIMEOUT_SECONDS * 1000,
    };
  }
  const discord: DiscordConfig | null =
    e.DISCORD_TOKEN && e.DISCORD_APPLICATION_ID
      ? {
          token: e.DISCORD_TOKEN,
          applicationId: e.DISCORD_APPLICATION_ID,
          apiUrl: e.DISCORD_API_URL.replace(/\/+$/, ''),
          ...(e.DISCORD_PUBLIC_KEY ? { publicKey: e.DISCORD_PUBLIC_KEY.toLowerCase() } : {}),
        }
      : null;
  const forced = e.RELAIS_PLAYGROUND;
  const playground = forced === undefined ? !slack && !discord : forced === '1' || forced === 'true';

  return {
    port: e.PORT,
    // The playground has no login: unless Slack or Discord must reach us, listen on this machine only.
    host: e.HOST ?? (slack?.mode === 'http' || discord?.publicKey ? '0.0.0.0' : '127.0.0.1'),
    database: e.DATABASE_URL
      ? {
          kind: 'postgres',
          url: e.DATABASE_URL,
          connectTimeoutMs: e.DATABASE_CONNECT_TIMEOUT_MS,
          migrationLockTimeoutMs: e.MIGRATION_LOCK_TIMEOUT_MS,
        }
      : { kind: 'pglite', dataDir: e.RELAIS_DATA_DIR },
    slack,
    discord,
    playground,
    outboxLeaseMs: e.OUTBOX_LEASE_MS,
    clockStart: e.RELAIS_CLOCK_START ? new Date(e.RELAIS_CLOCK_START) : null,
    tickSeconds: e.SCHEDULER_TICK_SECONDS,
    veilleAllowPrivate: (e.VEILLE_ALLOW_PRIVATE ?? '')
      .split(',')
      .map((h) => h.trim())
      .filter(Boolean),
    logLevel: e.LOG_LEVEL,
    secrets: [
      e.SLACK_SIGNING_SECRET,
      e.SLACK_BOT_TOKEN,
      e.SLACK_APP_TOKEN,
      e.DISCORD_TOKEN,
      passwordOf(e.DATABASE_URL),
    ].filter((s): s is string => typeof s === 'string' && s.length > 0),
  };
}

/**
 * What is wrong with a PostgreSQL URL, read the way postgres-js reads it (user and password up to
 * the first `@`, then one or more comma-separated `host:port`), or null. Never quotes the URL.
 */
function databaseUrlProblem(url: string): string | null {
  const scheme = /^postgres(?:ql)?:\/\//.exec(url);
  if (!scheme) return 'must be a postgres:// or postgresql:// URL';
  const authority = url.slice(scheme[0].length).split(/[/?#]/)[0] ?? '';
  const at = authority.indexOf('@');
  const hostList = authority.slice(at + 1);
  if (hostList.includes('@')) return 'has more than one "@": percent-encode "@" in the user name or password as %40';
  const hosts = hostList.split(',');
  for (const host of hosts) {
    const parts = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._~%-]*)(?::(\d*))?$/.exec(host);
    if (!parts) return 'has an invalid host: use host, host:port or [ipv6]:port, comma-separated';
    if (!parts[1] && hosts.length > 1) return 'has an empty host in its list of hosts';
    const port = parts[2] === undefined || parts[2] === '' ? 5432 : Number(parts[2]);
    if (!Number.isInteger(port) || port < 1 || port > 65535) return 'has a port outside 1–65535';
  }
  try {
    new URL(url.replace(hostList, hosts[0] ?? ''));
  } catch {
    return 'is not a valid URL: percent-encode special characters in the user name and password';
  }
  return null;
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

function passwordOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const pw = new URL(url).password;
    return pw ? decodeURIComponent(pw) : undefined;
  } catch {
    return undefined;
  }
}

/** What the logs may say about the configuration: modes, never values of secrets. */
export function describeConfig(config: Config): Record<string, unknown> {
  return {
    port: config.port,
    host: config.host,
    database: config.database.kind === 'postgres' ? 'postgres' : `pglite:${config.database.dataDir}`,
    slack: config.slack ? config.slack.mode : 'off',
    discord: config.discord ? (config.discord.publicKey ? 'http' : 'gateway') : 'off',
    playground: config.playground,
  };
}
