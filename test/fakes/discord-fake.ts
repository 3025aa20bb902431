/**
 * A local fake of Discord's REST API (v10) and gateway, good enough for the REAL discord.js
 * `Client` to log in to it and for adapter tests to drive the bot end to end.
 *
 *   const fake = await startDiscordFake({ guilds: [{ id, name, channels: [{ id, name }] }] });
 *   const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
 *   const ready = once(client, Events.ClientReady);
 *   await client.login('any-token'); await ready;
 *   fake.dispatchInteraction(chatInput({ name: 'relais', guildId, channelId }));
 *   const cb = await fake.waitForCall((c) => c.path.endsWith('/callback'));
 *
 * Listens on 127.0.0.1 only (HTTP and WebSocket share one port). Everything the client sends is
 * recorded in `calls`. Where Discord would refuse a request (unknown interaction, interaction
 * acknowledged twice, 3 s deadline passed, empty message, limits from PLATFORMS.md §2.2, invalid
 * command names…) the fake answers with Discord's error status, code and body, so the bot's
 * error paths behave as they would in production.
 *
 * The parts live in ./discord/: state, entities, messages, validation, REST routes, gateway, HTTP.
 */

import type { APIApplicationCommand, APIInteraction, APIMessage } from 'discord-api-types/v10';
import { DEFAULT_APPLICATION_ID } from './discord/constants.ts';
import type { FakeGuild, KnownUser } from './discord/entities.ts';
import { FakeGateway } from './discord/gateway.ts';
import { FakeHttpServer } from './discord/http-server.ts';
import { registerInteraction } from './discord/interaction-registry.ts';
import {
  deliverOverHttp,
  type HttpDelivery,
  InteractionSigner,
  type Signing,
} from './discord/interactions-over-http.ts';
import type { JsonObject } from './discord/json.ts';
import type { CallPredicate, RecordedCall } from './discord/recorded.ts';
import { Router } from './discord/router.ts';
import { commandRoutes } from './discord/routes-commands.ts';
import { guildRoutes } from './discord/routes-guilds.ts';
import { interactionRoutes } from './discord/routes-interactions.ts';
import { messageRoutes } from './discord/routes-messages.ts';
import { DiscordState } from './discord/state.ts';

export { BOT_PERMISSIONS, DEFAULT_APPLICATION_ID, snowflake } from './discord/constants.ts';
export type { FakeGuild } from './discord/entities.ts';
export type { RecordedCall } from './discord/recorded.ts';

export interface DiscordFake {
  /** 'http://127.0.0.1:<port>/api' — pass as `rest.api` / DISCORD_API_URL */
  apiUrl: string;
  /** 'ws://127.0.0.1:<port>' */
  gatewayUrl: string;
  applicationId: string;
  botUser: { id: string; username: string };
  /** every REST call, in order (including failed and unknown-route ones) */
  calls: RecordedCall[];
  /** global application commands, as stored by PUT/POST */
  readonly commands: APIApplicationCommand[];
  /** guild application commands by guild id */
  readonly guildCommands: Record<string, APIApplicationCommand[]>;
  /** current state of every message the fake knows (bot messages, plus messages seen in interactions) */
  messages: Map<string, APIMessage>;
  /** `d` of every IDENTIFY received (token, intents, properties…) */
  identifies: JsonObject[];
  /** callbacks later than this after dispatch get 404 10062 Unknown interaction; 0 disables. Default 3000. */
  interactionDeadlineMs: number;
  waitForCall(pred: CallPredicate, timeoutMs?: number): Promise<RecordedCall>;
  /** Sends INTERACTION_CREATE on every live session; dispatching the same payload again is a replay. */
  dispatchInteraction(payload: APIInteraction): void;
  /** The application's public key (hex), for DISCORD_PUBLIC_KEY. */
  publicKey: string;
  /**
   * POSTs the interaction to an Interactions Endpoint URL, signed as Discord signs it (or not), and
   * takes a 200 answer as the interaction's callback (recorded like a REST callback).
   */
  deliverOverHttp(url: string, payload: APIInteraction, signing?: Signing): Promise<HttpDelivery>;
  /** send any gateway dispatch (e.g. 'MESSAGE_CREATE', 'GUILD_DELETE') on every live session */
  dispatch(event: string, data: object): void;
  connected(): Promise<void>;
  failNext(routeMatch: RegExp, status: number, body: object, headers?: Record<string, string>): void;
  /** close every gateway socket with `code` (default 4000: the client RESUMEs after ~0.5 s) */
  disconnect(code?: number): void;
  close(): Promise<void>;
}

export interface DiscordFakeOptions {
  guilds?: FakeGuild[];
  applicationId?: string;
  /** bot username (default 'Relais') */
  botName?: string;
  /** users the fake knows (for GET /users/:id, DM recipients, mentions); interaction users are added automatically */
  users?: KnownUser[];
  /** see DiscordFake.interactionDeadlineMs */
  interactionDeadlineMs?: number;
}

export async function startDiscordFake(opts: DiscordFakeOptions = {}): Promise<DiscordFake> {
  const state = new DiscordState(
    opts.applicationId ?? DEFAULT_APPLICATION_ID,
    opts.botName ?? 'Relais',
    opts.users ?? [],
  );
  const gateway = new FakeGateway(state);
  const router = new Router();
  let deadlineMs = opts.interactionDeadlineMs ?? 3000;
  const signer = new InteractionSigner();
  guildRoutes(state, router.add, { verifyKey: signer.publicKeyHex, interactionsEndpointUrl: () => null });
  messageRoutes(state, router.add);
  interactionRoutes(state, router.add, () => deadlineMs);
  commandRoutes(state, router.add);
  const http = new FakeHttpServer(state, router, gateway);
  state.origin = await http.listen();
  for (const g of opts.guilds ?? []) state.addGuild(g);
  let closed = false;

  return {
    apiUrl: `${state.origin}/api`,
    gatewayUrl: state.gatewayUrl,
    applicationId: state.applicationId,
    botUser: state.botUser,
    calls: http.calls,
    get commands() {
      return state.commands.get('global') ?? [];
    },
    get guildCommands() {
      return Object.fromEntries([...state.commands].filter(([scope]) => scope !== 'global'));
    },
    messages: state.messages,
    identifies: gateway.identifies,
    get interactionDeadlineMs() {
      return deadlineMs;
    },
    set interactionDeadlineMs(ms: number) {
      deadlineMs = ms;
    },
    waitForCall: (pred, timeoutMs) => http.waitForCall(pred, timeoutMs),
    dispatchInteraction(payload) {
      const p = structuredClone(payload);
      if (typeof p.id !== 'string' || typeof p.token !== 'string' || typeof p.type !== 'number') {
        throw new Error('dispatchInteraction: payload needs id, token and type');
      }
      p.application_id = state.applicationId;
      const rec = registerInteraction(state, p);
      if (!gateway.hasLiveSession()) {
        throw new Error('dispatchInteraction: no gateway session (await fake.connected() first)');
      }
      gateway.dispatch('INTERACTION_CREATE', rec.payload);
    },
    publicKey: signer.publicKeyHex,
    deliverOverHttp: (url, payload, signing = 'valid') =>
      deliverOverHttp({ state, http, signer, deadlineMs, url, payload, signing }),
    dispatch: (event, data) => gateway.dispatch(event, data),
    connected: () => gateway.connected(),
    failNext: (re, status, body, headers = {}) => http.failNext(re, status, body, headers),
    disconnect: (code = 4000) => gateway.disconnect(code),
    async close() {
      if (closed) return;
      closed = true;
      await gateway.close();
      await http.close();
    },
  };
}
