import type { APIApplicationCommandInteractionDataBasicOption, APIInteraction } from 'discord-api-types/v10';
import { DISCORD_INTERACTIONS_PATH } from '../../adapters/discord/discord-bot.ts';
import { type Database, openDatabase } from '../../db/client.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { type RunningRelais, type StartOptions, startRelais } from '../../src/main.ts';
import { type DiscordFake, type FakeGuild, type RecordedCall, startDiscordFake } from '../fakes/discord-fake.ts';
import { chatInput, component, type InteractionUser, modalSubmit } from '../fakes/discord-interactions.ts';

/** Who acts in an interaction: the user, their permissions in the channel, roles, client locale. */
export interface Who {
  user: InteractionUser;
  permissions?: bigint;
  roles?: string[];
  locale?: string;
}

export const MANAGE_GUILD = 1n << 5n;

/** Typed options of a slash command, as Discord sends them. */
export type Options = APIApplicationCommandInteractionDataBasicOption[];

/** Relais' log lines, kept in memory, with a way to await one. */
export function capturedLog() {
  const lines: string[] = [];
  let waiters: { matches: (line: string) => boolean; resolve: (line: string) => void }[] = [];
  const log = createLogger({
    level: 'info',
    secrets: [],
    destination: {
      write(line: string) {
        lines.push(line);
        for (const w of waiters.filter((x) => x.matches(line))) w.resolve(line);
        waiters = waiters.filter((x) => !x.matches(line));
      },
    },
  });
  /** The first line containing every one of `texts`. */
  function waitForLog(texts: string[], timeoutMs = 5000): Promise<string> {
    const text = texts.join('" and "');
    const matches = (line: string) => texts.every((t) => line.includes(t));
    const seen = lines.find(matches);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no log line with "${text}" within ${timeoutMs} ms`)), timeoutMs);
      const done = (line: string) => {
        clearTimeout(timer);
        resolve(line);
      };
      waiters.push({ matches, resolve: done });
    });
  }
  return { log, lines, waitForLog };
}

/**
 * Relais with its real discord.js client on an in-memory database (or the one given), logged in
 * to a fake Discord serving one guild, and the interactions Discord would send it. With
 * `transport: 'http'` Relais gets no gateway session: the fake POSTs each interaction, signed,
 * to Relais' Interactions Endpoint instead.
 */
export async function startDiscordHarness(opts: {
  guild: FakeGuild;
  env?: Record<string, string>;
  /** A database shared with another harness or test (left open on close). */
  database?: Database;
  start?: Omit<StartOptions, 'database' | 'log'>;
  transport?: 'gateway' | 'http';
}) {
  const fake: DiscordFake = await startDiscordFake({ guilds: [opts.guild] });
  const database = opts.database ?? (await openDatabase({ kind: 'pglite-memory' }));
  const overHttp = opts.transport === 'http';
  const config: Config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DISCORD_TOKEN: `discord-${opts.guild.id}`,
    DISCORD_APPLICATION_ID: fake.applicationId,
    DISCORD_API_URL: fake.apiUrl,
    ...(overHttp ? { DISCORD_PUBLIC_KEY: fake.publicKey } : {}),
    ...opts.env,
  });
  const logs = capturedLog();
  const relais: RunningRelais = await startRelais(config, { scheduler: false, ...opts.start, database, log: logs.log });
  const endpoint = `http://127.0.0.1:${relais.port}${DISCORD_INTERACTIONS_PATH}`;
  const guildId = opts.guild.id;
  const firstChannel = opts.guild.channels[0]?.id ?? '';

  /** Sends an interaction (over the gateway, or to the endpoint) and returns the answer Discord receives. */
  async function interact(payload: APIInteraction): Promise<RecordedCall> {
    if (overHttp) await fake.deliverOverHttp(endpoint, payload);
    else fake.dispatchInteraction(payload);
    return fake.waitForCall((c) => c.method === 'POST' && c.path.startsWith(`/interactions/${payload.id}/`));
  }

  return {
    fake,
    relais,
    config,
    database,
    guildId,
    endpoint,
    logs,
    interact,
    /** `/name sub option…` in a channel of the guild (default: its first channel). */
    command(
      name: string,
      sub: string,
      options: Options,
      who: Who,
      extra: { channelId?: string; resolved?: object } = {},
    ) {
      return interact(
        chatInput({
          name,
          options: [{ type: 1, name: sub, options }],
          guildId,
          channelId: extra.channelId ?? firstChannel,
          ...(extra.resolved ? { resolved: extra.resolved } : {}),
          ...who,
        }),
      );
    },
    /** A click on `customId` in `message`, in the guild (or in a DM with `guild: false`). */
    click(customId: string, message: object, who: Who, channelId: string, where: { guild?: boolean } = {}) {
      return interact(
        component({ customId, message, channelId, ...(where.guild === false ? {} : { guildId }), ...who }),
      );
    },
    /** A modal submission with these field values (`message`: the one whose button opened the modal). */
    submit(customId: string, fields: Record<string, string>, who: Who, channelId = firstChannel, message?: object) {
      return interact(modalSubmit({ customId, fields, guildId, channelId, ...who, ...(message ? { message } : {}) }));
    },
    async workspace() {
      return relais.deps.store.ensureWorkspace({ platform: 'discord', externalId: guildId });
    },
    async close() {
      await relais.close();
      if (!opts.database) await database.close();
      await fake.close();
    },
  };
}

export type DiscordHarness = Awaited<ReturnType<typeof startDiscordHarness>>;
