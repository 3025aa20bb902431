import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type APIInteraction,
  type APIInteractionResponse,
  InteractionResponseType,
  InteractionType,
  REST,
  type RESTGetAPIGuildChannelsResult,
  Routes,
} from 'discord.js';
import {
  createInteractionHandler,
  type GuildDirectory,
  type Outcome,
  type Responder,
  restResponder,
} from './answer-interaction.ts';
import type { DiscordAdapter, DiscordAdapterDeps } from './discord-bot.ts';

/** Interactions are a few kilobytes; anything far larger is not Discord. */
const MAX_BODY_BYTES = 1024 * 1024;
/** How long a server's channel list serves `#name` lookups before it is asked again. */
const CHANNELS_TTL_MS = 30_000;

/** The application's public key (hex, from the Developer Portal) as a key node:crypto verifies with. */
function ed25519Key(publicKeyHex: string): KeyObject {
  const x = Buffer.from(publicKeyHex, 'hex').toString('base64url');
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
}

/** Discord signs `timestamp + raw body` with Ed25519; it also sends bad signatures on purpose to test us. */
function signedByDiscord(key: KeyObject, signature: string | undefined, timestamp: string | undefined, body: Buffer) {
  if (!signature || !timestamp || !/^[0-9a-f]{128}$/i.test(signature)) return false;
  try {
    return verify(null, Buffer.concat([Buffer.from(timestamp, 'utf8'), body]), key, Buffer.from(signature, 'hex'));
  } catch {
    return false;
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/** Channels by REST, kept a little while: without a gateway session there is no cache to read. */
function restDirectory(rest: REST): GuildDirectory {
  const cache = new Map<string, { at: number; channels: Promise<{ id: string; name: string }[]> }>();
  return {
    name: () => undefined,
    channels(guildId) {
      const hit = cache.get(guildId);
      if (hit && performance.now() - hit.at < CHANNELS_TTL_MS) return hit.channels;
      const channels = (rest.get(Routes.guildChannels(guildId)) as Promise<RESTGetAPIGuildChannelsResult>).then(
        (list) => list.map((c) => ({ id: c.id, name: c.name ?? '' })),
      );
      cache.set(guildId, { at: performance.now(), channels });
      channels.catch(() => cache.delete(guildId));
      return channels;
    },
  };
}

/** What the HTTP answer is when the handler did not answer the interaction itself. */
const NOT_ANSWERED: Record<Outcome | 'failed', number> = { answered: 500, duplicate: 409, ignored: 400, failed: 500 };

/**
 * Discord's Interactions Endpoint: each POST is verified (401 and nothing else when the signature
 * is bad or missing), a PING gets a PONG, and an interaction's first answer is the HTTP response
 * itself; later edits of a deferred answer go through the REST API. Stateless, so any number of
 * processes behind a load balancer share the work.
 */
export function createInteractionsEndpoint(deps: DiscordAdapterDeps & { publicKey: string }): DiscordAdapter {
  const { config, dispatcher, log, claimInteraction } = deps;
  const key = ed25519Key(deps.publicKey);
  const rest = new REST({ api: config.apiUrl }).setToken(config.token);
  const handle = createInteractionHandler({ dispatcher, log, claim: claimInteraction, directory: restDirectory(rest) });
  const inFlight = new Set<Promise<unknown>>();

  function send(res: ServerResponse, status: number, body?: unknown): void {
    if (body === undefined) res.writeHead(status).end();
    else res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }

  async function httpListener(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    const body = await readBody(req);
    if (body === null) return send(res, 413);
    if (!signedByDiscord(key, header(req, 'x-signature-ed25519'), header(req, 'x-signature-timestamp'), body)) {
      log.warn({ ip: req.socket.remoteAddress }, 'Discord interaction refused: bad or missing signature');
      return send(res, 401, { error: 'invalid request signature' });
    }
    let raw: APIInteraction;
    try {
      raw = JSON.parse(body.toString('utf8')) as APIInteraction;
    } catch {
      return send(res, 400);
    }
    if (raw.type === InteractionType.Ping) return send(res, 200, { type: InteractionResponseType.Pong });

    let answer: (response: APIInteractionResponse | null) => void = () => {};
    const first = new Promise<APIInteractionResponse | null>((resolve) => {
      answer = resolve;
    });
    const responder: Responder = {
      // The first answer is this request's response; Discord then holds the interaction as acknowledged.
      async respond(response) {
        answer(response);
      },
      editOriginal: (edit, files) => restResponder(rest, config.applicationId, raw).editOriginal(edit, files),
      followUp: (body, files) => restResponder(rest, config.applicationId, raw).followUp(body, files),
    };
    const work = handle(raw, responder).then(
      (outcome) => {
        answer(null);
        return outcome;
      },
      (err: unknown) => {
        log.error({ err, interaction: raw.id }, 'Discord interaction failed');
        answer(null);
        return 'failed' as const;
      },
    );
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
    const response = await first;
    if (response) return send(res, 200, response);
    send(res, NOT_ANSWERED[await work]);
  }

  return {
    httpListener,
    async start() {
      log.info('Discord interactions over HTTP (Interactions Endpoint); no gateway session');
    },
    async stop() {
      await Promise.allSettled([...inFlight]);
    },
  };
}
