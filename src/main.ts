import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createChartRenderer } from '../adapters/chart/weekly-chart.ts';
import { createDiscordAdapter, DISCORD_INTERACTIONS_PATH } from '../adapters/discord/discord-bot.ts';
import { createDiscordMessenger } from '../adapters/discord/discord-messenger.ts';
import { registerDiscordCommands } from '../adapters/discord/register-commands.ts';
import { createFeedReader } from '../adapters/feeds/feed-reader.ts';
import { fetchFeed } from '../adapters/feeds/fetch-feed.ts';
import { runVeilleParse } from '../adapters/feeds/parse-cli.ts';
import { prepareFirstStart } from '../adapters/playground/first-start.ts';
import { createPlayground } from '../adapters/playground/playground.ts';
import { createPlaygroundMessenger } from '../adapters/playground/playground-messenger.ts';
import { openPlaygroundWorkspace } from '../adapters/playground/workspace.ts';
import { startScheduler } from '../adapters/scheduler/scheduler.ts';
import { createSlackAdapter } from '../adapters/slack/slack-app.ts';
import { createSlackMessenger } from '../adapters/slack/slack-messenger.ts';
import { createDispatcher } from '../commands/dispatch.ts';
import { commands } from '../commands/index.ts';
import { type Database, openDatabase } from '../db/client.ts';
import { claimDelivery } from '../db/delivery-claims.ts';
import { createOutboxQueue } from '../db/outbox-store.ts';
import { createPlaygroundStore } from '../db/playground-store.ts';
import { createDbStore } from '../db/store.ts';
import { type Config, describeConfig } from './config.ts';
import { createLogger, type Logger } from './log.ts';
import { coalesce } from './outbox/coalesce.ts';
import { createOutboxWorker } from './outbox/worker.ts';
import { type Clock, type Messenger, systemClock } from './ports.ts';
import type { Deps } from './services/deps.ts';
import { deskReader } from './services/desk.ts';
import { schedulePrompts } from './services/prompts.ts';

/** How long a stop waits for HTTP requests in flight before cutting their connections. */
const SHUTDOWN_GRACE_MS = 5_000;

/**
 * The composition root: config → database → services → adapters. The one place that knows
 * every concrete piece.
 */

export interface RunningRelais {
  url: string;
  port: number;
  deps: Deps;
  /** Delivers everything queued now (tests and benchmarks). */
  flushOutbox(): Promise<number>;
  /** Stops taking work, finishes what is in flight, closes the database. */
  close(): Promise<void>;
}

export interface StartOptions {
  log?: Logger;
  /** An already opened database (tests); Relais then leaves closing it to the caller. */
  database?: Database;
  clock?: Clock;
  /** How often the outbox is polled besides being woken after each command (default 1 s). */
  outboxPollMs?: number;
  /** false: no cron (tests drive reminders themselves). */
  scheduler?: false;
  /** Called once the HTTP server listens, before the platforms are ready (tests watch start-up). */
  onListening?: (port: number) => void;
}

export async function startRelais(config: Config, opts: StartOptions = {}): Promise<RunningRelais> {
  const log = opts.log ?? createLogger({ level: config.logLevel, secrets: config.secrets });
  log.info(describeConfig(config), 'starting Relais');

  const database = await openAndMigrate(config, opts, log);
  const clock = opts.clock ?? (config.clockStart ? shiftedClock(config.clockStart) : systemClock);
  const store = createDbStore(database.db, clock);
  let kick = () => {};
  let kickPrompts = () => {};
  const deps: Deps = {
    store,
    clock,
    log,
    feeds: createFeedReader({ allowPrivate: config.veilleAllowPrivate }),
    chart: createChartRenderer(),
    afterWork: () => {
      kick();
      kickPrompts();
    },
  };
  const dispatcher = createDispatcher(deps);

  const slack = config.slack
    ? createSlackAdapter({ config: config.slack, dispatcher, log, desk: deskReader(deps) })
    : null;
  // Only Slack shows desks (its App Home); elsewhere nothing is told.
  if (slack?.deskChanged) deps.deskChanged = slack.deskChanged;
  const playground = config.playground
    ? createPlayground({
        dispatcher,
        log,
        workspace: await openPlaygroundWorkspace({
          store: createPlaygroundStore(database.db),
          now: () => clock.now(),
        }),
      })
    : null;
  if (playground) await prepareFirstStart(deps, playground.workspace);
  const discord = config.discord
    ? createDiscordAdapter({
        config: config.discord,
        dispatcher,
        log,
        claimInteraction: (id) => claimDelivery(database.db, `discord-interaction:${id}`, clock.now()),
      })
    : null;

  // Messages that are not the direct answer to someone leave through the outbox, per platform.
  const messengers: Record<string, Messenger> = {};
  if (config.slack) messengers.slack = createSlackMessenger(config.slack);
  if (config.discord) messengers.discord = createDiscordMessenger(config.discord);
  if (playground) messengers.playground = createPlaygroundMessenger(playground.workspace);
  const worker = createOutboxWorker({
    queue: createOutboxQueue(database.db, clock),
    store,
    messengers,
    clock,
    log,
    leaseMs: config.outboxLeaseMs,
  });
  kick = worker.kick;
  worker.start(opts.outboxPollMs ?? 1000);
  // Ambassador prompts move on after each command (a publication creates them) and every minute.
  const promptPass = coalesce(
    async () => {
      const result = await schedulePrompts(deps);
      if (result.queued > 0) worker.kick();
      return result;
    },
    (err) => log.error({ err }, 'prompt scheduling failed'),
  );
  // At most one pass per quarter second, however many commands come in: each pass is a query.
  let promptTimer: NodeJS.Timeout | null = null;
  kickPrompts = () => {
    promptTimer ??= setTimeout(() => {
      promptTimer = null;
      void promptPass();
    }, 250).unref();
  };
  const scheduler =
    opts.scheduler === false
      ? null
      : startScheduler(
          deps,
          log,
          () => {
            worker.kick();
            kickPrompts();
          },
          config.tickSeconds,
        );

  const server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      log.error({ err, url: req.url }, 'request failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal error');
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz' && req.method === 'GET') {
      const up = await store.ping();
      // Not ready until every platform knows who Relais is there (Slack: auth.test at start).
      const ready = slack ? slack.ready() : true;
      res.writeHead(up && ready ? 200 : 503, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          status: !up ? 'degraded' : ready ? 'ok' : 'starting',
          database: up ? 'up' : 'down',
          databaseKind: database.kind,
          ...(slack ? { slack: slack.ready() ? 'ready' : 'starting' } : {}),
        }),
      );
      return;
    }
    if (slack?.httpListener && path?.startsWith('/slack/')) return slack.httpListener(req, res);
    if (discord?.httpListener && path === DISCORD_INTERACTIONS_PATH) return discord.httpListener(req, res);
    if (playground && (await playground.handle(req, res))) return;
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  }

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      log.info('stopping Relais');
      scheduler?.stop();
      if (promptTimer) clearTimeout(promptTimer);
      await discord?.stop();
      await slack?.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // A browser's keep-alive connection (the playground polls) must not hold the stop: idle ones
        // close now, and one still busy after a grace period is cut.
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS).unref();
      });
      await worker.stop();
      if (!opts.database) await database.close();
      log.info('Relais stopped');
    })();
    return closing;
  };

  try {
    await listen(server, config.port, config.host);
  } catch (error) {
    await close();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new PortInUseError(config.port);
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  opts.onListening?.(port);
  try {
    await slack?.start();
    await discord?.start();
  } catch (error) {
    await close();
    throw error;
  }
  // The playground answers only this computer, by the name localhost, whatever HOST is.
  const local = playground || ['0.0.0.0', '::', '127.0.0.1', 'localhost'].includes(config.host);
  const url = `http://${local ? 'localhost' : config.host}:${port}/`;
  if (playground && !['127.0.0.1', 'localhost', '::1'].includes(config.host))
    log.info(
      { host: config.host, url },
      'the playground answers only this computer (loopback), though Relais listens beyond it',
    );
  log.info(
    { url, playground: Boolean(playground) },
    playground ? `Relais is ready: open ${url} — Ctrl+C stops it` : `Relais is up at ${url} — Ctrl+C stops it`,
  );

  return {
    url,
    port,
    deps,
    async flushOutbox() {
      await promptPass();
      let total = 0;
      for (let sent = await worker.runOnce(); sent > 0; sent = await worker.runOnce()) total += sent;
      return total;
    },
    close,
  };
}

/** Said in one sentence by `relais start`, with no stack: the fix is a setting. */
class PortInUseError extends Error {
  constructor(port: number) {
    super(
      `Port ${port} is already taken (another Relais, or another program, listens there): set PORT to a free port, e.g. PORT=${port + 1} npm start.`,
    );
    this.name = 'PortInUseError';
  }
}

/** The database, up to date; a failure is logged (it says it is the database) before it stops start-up. */
async function openAndMigrate(config: Config, opts: StartOptions, log: Logger): Promise<Database> {
  let database = opts.database;
  try {
    database ??= await openDatabase(config.database, { log });
    await database.migrate();
    return database;
  } catch (err) {
    log.error({ err }, err instanceof Error ? err.message : 'the database could not be opened');
    if (database && !opts.database) await database.close().catch(() => {});
    throw err;
  }
}

/** A clock that starts at `start` and runs at the real pace (RELAIS_CLOCK_START, for tests). */
function shiftedClock(start: Date): Clock {
  const offset = start.getTime() - Date.now();
  return { now: () => new Date(Date.now() + offset) };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** `relais migrate`: brings the database schema up to date, nothing else. */
export async function migrateDatabase(config: Config): Promise<Database['kind']> {
  // Its own output is one line on stdout; waiting for another process's migration is said on stderr.
  const log = createLogger({ level: config.logLevel, secrets: config.secrets, destination: process.stderr });
  const database = await openDatabase(config.database, { log });
  try {
    await database.migrate();
    return database.kind;
  } finally {
    await database.close();
  }
}

/** `relais discord register`: makes Discord's slash commands match Relais' declarations. */
export async function registerDiscord(config: Config) {
  if (!config.discord) throw new Error('Discord is not configured: set DISCORD_TOKEN and DISCORD_APPLICATION_ID.');
  return registerDiscordCommands(config.discord, commands);
}

/** `relais veille parse <file-or-url>`: the normalised items of a feed, as JSON, for people debugging a source. */
export function veilleParse(config: Config, target: string): Promise<number> {
  return runVeilleParse(target, {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    async fetchUrl(url) {
      const result = await fetchFeed(url, { allowPrivate: config.veilleAllowPrivate });
      if (result.status !== 'ok') throw new Error('the server answered 304 Not Modified');
      return { body: result.body, ...(result.contentType ? { contentType: result.contentType } : {}) };
    },
  });
}
