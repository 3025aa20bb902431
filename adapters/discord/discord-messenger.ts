import {
  DiscordAPIError,
  REST,
  type RESTPostAPIChannelMessageJSONBody,
  type RESTPostAPIChannelMessageResult,
  type RESTPostAPIChannelThreadsJSONBody,
  type RESTPostAPICurrentUserCreateDMChannelJSONBody,
  type RESTPostAPICurrentUserCreateDMChannelResult,
  Routes,
  ThreadAutoArchiveDuration,
} from 'discord.js';
import type { DiscordConfig } from '../../src/config.ts';
import type { Workspace } from '../../src/domain/workspace.ts';
import { DeliveryError } from '../../src/errors.ts';
import { type Message, withLinkTo } from '../../src/message/model.ts';
import { truncate } from '../../src/message/truncate.ts';
import type { Messenger } from '../../src/ports.ts';
import { withAttachment } from './attach-file.ts';
import { renderMessage } from './render-discord.ts';

/** Discord error codes after which retrying cannot help. */
const PERMANENT = new Set([10003, 10008, 10013, 50001, 50007, 50013, 50035]);
/** "A thread has already been created for this message." */
const THREAD_EXISTS = 160004;

/**
 * Posts queued messages for the outbox worker through Discord's REST API (its client queues per
 * route bucket and honours 429s). A thread reply goes into the thread started from the card;
 * such a thread has the card message's id.
 */
export function createDiscordMessenger(config: DiscordConfig): Messenger {
  const rest = new REST({ api: config.apiUrl, retries: 1 }).setToken(config.token);

  async function call<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof DiscordAPIError)
        throw new DeliveryError(`${error.code}: ${error.message}`, PERMANENT.has(Number(error.code)));
      throw new DeliveryError(error instanceof Error ? error.message : String(error), false);
    }
  }

  /** A channel message: what only its reader may see has no place in a channel. */
  const body = (message: Parameters<Messenger['post']>[2]): RESTPostAPIChannelMessageJSONBody => {
    const { flags: _private, ...payload } = renderMessage(message);
    return payload;
  };

  async function send(channel: string, message: Parameters<Messenger['post']>[2], nonce?: string) {
    // With enforce_nonce, Discord returns the message already created with this nonce instead of a second one.
    const base: RESTPostAPIChannelMessageJSONBody = nonce
      ? { ...body(message), nonce: nonce.slice(0, 25), enforce_nonce: true }
      : body(message);
    const { payload, files } = withAttachment(base, message.attachment);
    const res = (await call(() =>
      rest.post(Routes.channelMessages(channel), { body: payload, ...(files ? { files } : {}) }),
    )) as RESTPostAPIChannelMessageResult;
    return { channel: res.channel_id, id: res.id };
  }

  return {
    async post(ws, channel, given, threadOf) {
      const message = linked(ws, given);
      if (!threadOf) return send(channel, message);
      try {
        const thread: RESTPostAPIChannelThreadsJSONBody = {
          name: truncate(threadOf.title ?? message.text ?? 'Relais', 90),
          auto_archive_duration: ThreadAutoArchiveDuration.OneWeek,
        };
        await rest.post(Routes.threads(threadOf.channel, threadOf.id), { body: thread });
      } catch (error) {
        if (!(error instanceof DiscordAPIError && Number(error.code) === THREAD_EXISTS))
          await call(() => Promise.reject(error));
      }
      return send(threadOf.id, message);
    },
    async update(_ws, ref, message) {
      await call(() => rest.patch(Routes.channelMessage(ref.channel, ref.id), { body: body(message) }));
    },
    async direct(ws, userId, given, opts) {
      const message = linked(ws, given);
      const open: RESTPostAPICurrentUserCreateDMChannelJSONBody = { recipient_id: userId };
      const dm = (await call(() =>
        rest.post(Routes.userChannels(), { body: open }),
      )) as RESTPostAPICurrentUserCreateDMChannelResult;
      return send(dm.id, message, opts?.idempotencyKey);
    },
  };
}

/** A link to a message of the server: Discord's own URL for it. */
function linked(ws: Workspace, message: Message): Message {
  const to = message.linkTo?.message;
  return withLinkTo(message, to ? `https://discord.com/channels/${ws.externalId}/${to.channel}/${to.id}` : null);
}
