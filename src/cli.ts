import { Command } from 'commander';
import { DatabaseUnavailableError } from '../db/database-errors.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { migrateDatabase, type RunningRelais, registerDiscord, startRelais, veilleParse } from './main.ts';

/** The `relais` command line. Settings come from the environment (see README). */

function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

const program = new Command('relais')
  .description('Relais: the editorial desk for Slack and Discord teams.')
  .showHelpAfterError();

program
  .command('start')
  .description(
    'Start Relais: Slack and/or Discord when their credentials are set, the playground (http://localhost:PORT/) when none are.',
  )
  .action(async () => {
    const config = configOrExit();
    let running: RunningRelais | null = null;
    let signalled: string | null = null;
    const shutDown = (relais: RunningRelais, signal: string) => {
      relais.deps.log.info({ signal }, `${signal} received: stopping`);
      relais.close().then(
        () => process.exit(0),
        (err: unknown) => {
          relais.deps.log.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
    };
    // Listening from the very start: a signal during start-up stops Relais as soon as it is up.
    const stop = (signal: string) => {
      if (signalled) return;
      signalled = signal;
      if (running) shutDown(running, signal);
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
    // The terminal it ran in was closed.
    process.on('SIGHUP', () => stop('SIGHUP'));
    // Under `npm start`, npm passes SIGTERM and SIGINT on (the script execs Relais). Should npm be
    // killed outright, Relais, left to another parent, stops too instead of keeping the port.
    if (process.env.npm_lifecycle_event === 'start') {
      const parent = process.ppid;
      setInterval(() => process.ppid !== parent && stop('parent exited'), 1000).unref();
    }
    running = await startRelais(config);
    if (signalled) shutDown(running, signalled);
  });

program
  .command('migrate')
  .description('Apply pending database migrations (DATABASE_URL, or the embedded PGlite in RELAIS_DATA_DIR) and exit.')
  .action(async () => {
    const kind = await migrateDatabase(configOrExit());
    process.stdout.write(`Database (${kind}) is up to date.\n`);
  });

const discord = program.command('discord').description('Discord administration.');
discord
  .command('register')
  .description('Register the slash commands with Discord, only if they differ from what Discord already has.')
  .action(async () => {
    const result = await registerDiscord(configOrExit());
    process.stdout.write(
      result.changed
        ? `Registered: /${result.commands.join(', /')}\n`
        : `Already up to date: /${result.commands.join(', /')}\n`,
    );
  });

const veille = program.command('veille').description('Veille (media monitoring) tools.');
veille
  .command('parse')
  .argument('<file-or-url>', 'a feed document on disk, or an http(s) URL (fetched with the same guards as the veille)')
  .description('Print the normalised items of a feed as a JSON array (title, url, publishedAt, summary, author, id).')
  .action(async (target: string) => {
    process.exitCode = await veilleParse(configOrExit(), target);
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`relais: ${error instanceof Error ? error.message : String(error)}\n`);
  // A database that is not there has its own code (69, EX_UNAVAILABLE), so a supervisor can tell.
  process.exit(error instanceof DatabaseUnavailableError ? error.exitCode : 1);
});
