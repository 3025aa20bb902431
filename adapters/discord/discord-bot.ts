import type { IncomingMessage, ServerResponse } from 'node:http';
import { type APIInteraction, Client, Events, GatewayDispatchEvents, GatewayIntentBits } from 'discord.js';
import type { Dispatcher } from '../../commands/dispatch.ts';
import type { DiscordConfig } from '../../src/config.ts';
import type { Logger } from '../../src/log.ts';
import { createInteractionHandler, type GuildDirectory, restResponder } from './answer-interaction.ts';
import { createInteractionsEndpoint } from './interactions-endpoint.ts';

export interface DiscordAdapter {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** With an Interactions Endpoint (DISCORD_PUBLIC_KEY): serves Discord's POSTs at DISCORD_INTERACTIONS_PATH. */
  httpListener?: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
}

export const DISCORD_INTERACTIONS_PATH = '/discord/interactions';

export interface DiscordAdapterDeps {
  config: DiscordConfig;
  dispatcher: Dispatcher;
  log: Logger;
  /** Claims an interaction id once across every process (true the first time only). */
  claimInteraction: (interactionId: string) => Promise<boolean>;
}

/**
 * Discord, two ways in. Over the gateway (default): discord.js logs in with the Guilds intent only
 * (interactions need no intent; the channel cache serves `#name` in forms). Over HTTP when
 * DISCORD_PUBLIC_KEY is set: Discord POSTs each interaction, signed, to the Interactions Endpoint,
 * so a load balancer spreads them over any number of processes, and no gateway session is opened.
 * Either way each interaction is claimed in the database before it is answered.
 */
export function createDiscordAdapter(deps: DiscordAdapterDeps): DiscordAdapter {
  return deps.config.publicKey
    ? createInteractionsEndpoint({ ...deps, publicKey: deps.config.publicKey })
    : gateway(deps);
}

function gateway({ config, dispatcher, log, claimInteraction }: DiscordAdapterDeps): DiscordAdapter {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: config.apiUrl },
    allowedMentions: { parse: [] },
  });
  const directory: GuildDirectory = {
    name: (guildId) => client.guilds.cache.get(guildId)?.name,
    async channels(guildId) {
      const guild = client.guilds.cache.get(guildId);
      return guild ? guild.channels.cache.map((c) => ({ id: c.id, name: c.name })) : [];
    },
  };
  const handle = createInteractionHandler({ dispatcher, log, claim: claimInteraction, directory });
  const inFlight = new Set<Promise<unknown>>();

  // The raw dispatch, as Discord sent it: the same shape the Interactions Endpoint receives.
  client.ws.on(GatewayDispatchEvents.InteractionCreate, (raw: APIInteraction) => {
    const work = handle(raw, restResponder(client.rest, config.applicationId, raw)).catch((err: unknown) =>
      log.error({ err, interaction: raw.id }, 'Discord interaction failed'),
    );
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  });
  client.on(Events.Error, (err) => log.error({ err }, 'Discord client error'));

  return {
    async start() {
      const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
      await client.login(config.token);
      await ready;
      log.info({ guilds: client.guilds.cache.size }, 'Discord connected');
    },
    async stop() {
      await Promise.allSettled([...inFlight]);
      await client.destroy();
    },
  };
}
