import type { APIApplicationCommandInteractionDataBasicOption, APIInteraction } from 'discord-api-types/v10';
import { type Database, openDatabase } from '../../db/client.ts';
import { type Config, loadConfig } from '../../src/config.ts';
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

/**
 * Relais with its real discord.js client on an in-memory database (or the one given), logged in
 * to a fake Discord serving one guild, and the interactions Discord would send it.
 */
export async function startDiscordHarness(opts: {
  guild: FakeGuild;
  env?: Record<string, string>;
  /** A database shared with another harness or test (left open on close). */
  database?: Database;
  start?: Omit<StartOptions, 'database'>;
}) {
  const fake: DiscordFake = await startDiscordFake({ guilds: [opts.guild] });
  const database = opts.database ?? (await openDatabase({ kind: 'pglite-memory' }));
  const config: Config = loadConfig({
    PORT: '0',
    LOG_LEVEL: 'silent',
    DISCORD_TOKEN: `discord-${opts.guild.id}`,
    DISCORD_APPLICATION_ID: fake.applicationId,
    DISCORD_API_URL: fake.apiUrl,
    ...opts.env,
  });
  const relais: RunningRelais = await startRelais(config, { scheduler: false, ...opts.start, database });
  const guildId = opts.guild.id;
  const firstChannel = opts.guild.channels[0]?.id ?? '';

  /** Sends an interaction and returns the callback Discord receives for it. */
  async function interact(payload: APIInteraction): Promise<RecordedCall> {
    fake.dispatchInteraction(payload);
    return fake.waitForCall((c) => c.method === 'POST' && c.path.startsWith(`/interactions/${payload.id}/`));
  }

  return {
    fake,
    relais,
    config,
    database,
    guildId,
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
    /** A modal submission with these field values. */
    submit(customId: string, fields: Record<string, string>, who: Who, channelId = firstChannel) {
      return interact(modalSubmit({ customId, fields, guildId, channelId, ...who }));
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
