import { ErrorCode, type WebAPICallResult, WebClient } from '@slack/web-api';
import type { SlackConfig } from '../../src/config.ts';
import { DeliveryError } from '../../src/errors.ts';
import { type Message, withLinkTo } from '../../src/message/model.ts';
import type { Messenger } from '../../src/ports.ts';
import { renderMessage } from './render-block-kit.ts';
import { uploadFile } from './slack-upload.ts';

/** Slack errors after which retrying cannot help: the message is recorded as given up. */
const PERMANENT = new Set([
  'cannot_dm_bot',
  'user_not_found',
  'user_disabled',
  'account_inactive',
  'channel_not_found',
  'is_archived',
  'not_in_channel',
  'msg_too_long',
  'invalid_blocks',
  'message_not_found',
  'cant_update_message',
  'restricted_action',
]);

/**
 * Posts queued messages for the outbox worker. Its own WebClient fails fast (no built-in retries,
 * rate limits thrown with their Retry-After) because the outbox retries durably, across restarts.
 */
export function createSlackMessenger(config: SlackConfig): Messenger {
  const client = new WebClient(config.botToken, {
    slackApiUrl: config.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  });

  async function call<T extends WebAPICallResult>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof DeliveryError) throw error;
      const e = error as { code?: string; retryAfter?: number; data?: { error?: string }; message?: string };
      if (e.code === ErrorCode.RateLimitedError)
        throw new DeliveryError('rate limited', false, (e.retryAfter ?? 1) * 1000, true);
      if (e.code === ErrorCode.PlatformError && e.data?.error)
        throw new DeliveryError(e.data.error, PERMANENT.has(e.data.error));
      throw new DeliveryError(e.message ?? String(error), false);
    }
  }

  /** A link to another message: its permalink, which only Slack knows; without it the note goes without the link. */
  async function linked(message: Message): Promise<Message> {
    const to = message.linkTo?.message;
    if (!to) return message;
    try {
      const res = await client.chat.getPermalink({ channel: to.channel, message_ts: to.id });
      return withLinkTo(message, res.permalink ?? null);
    } catch {
      return withLinkTo(message, null);
    }
  }

  return {
    async post(_ws, channel, given, threadOf, steps) {
      const message = await linked(given);
      // A retry after a failed upload finds the message already posted: only the file is left.
      let ref = steps?.posted;
      if (!ref) {
        const res = await call(() =>
          client.chat.postMessage({
            channel,
            ...renderMessage(message),
            ...(threadOf ? { thread_ts: threadOf.id } : {}),
          }),
        );
        ref = { channel: String(res.channel ?? channel), id: String(res.ts) };
        if (message.attachment) await steps?.onPosted?.(ref);
      }
      // The file follows its message in the channel (Slack shows a shared file as its own message).
      if (message.attachment)
        await uploadFile(client, ref.channel, message.attachment, {
          ...(threadOf ? { threadTs: threadOf.id } : {}),
          run: call,
        });
      return ref;
    },
    async update(_ws, ref, message) {
      await call(() => client.chat.update({ channel: ref.channel, ts: ref.id, ...renderMessage(message) }));
    },
    async direct(_ws, userId, given, opts) {
      const message = await linked(given);
      const key = opts?.idempotencyKey;
      // Slack has no idempotency key: the key travels in the message's metadata, and a retry
      // that may follow a delivered first attempt looks for it in the conversation first.
      if (key && opts?.maybeSentBefore) {
        const open = await call(() => client.conversations.open({ users: userId }));
        const channel = open.channel?.id;
        if (channel) {
          const history = await call(() =>
            client.conversations.history({ channel, limit: 50, include_all_metadata: true }),
          );
          const found = history.messages?.find(
            (m) => (m.metadata?.event_payload as { relais_key?: string } | undefined)?.relais_key === key,
          );
          if (found?.ts) return { channel, id: found.ts };
        }
      }
      // A user id as the channel opens (or reuses) the direct conversation with the bot.
      const metadata = key ? { metadata: { event_type: 'relais_delivery', event_payload: { relais_key: key } } } : {};
      const res = await call(() =>
        client.chat.postMessage({ channel: userId, ...renderMessage(message), ...metadata }),
      );
      return { channel: String(res.channel ?? userId), id: String(res.ts) };
    },
  };
}
