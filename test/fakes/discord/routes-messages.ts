/** REST routes for channel messages, reactions and threads. */

import type { APIMessage } from 'discord-api-types/v10';
import { CHANNEL_MESSAGE_FLAGS, MessageFlag, snowflake } from './constants.ts';
import { formError, HttpError, unknownEntity } from './errors.ts';
import { flagsOf, obj } from './json.ts';
import { createMessage, createThread, deleteMessage, editMessage } from './messages.ts';
import { type AddRoute, type Ctx, noContent, ok, param } from './router.ts';
import type { DiscordState } from './state.ts';
import { validateMessageFields } from './validate-message.ts';

export function messageRoutes(state: DiscordState, r: AddRoute): void {
  r('POST', '/channels/:channelId/messages', ({ params, body, files }) => {
    const ch = state.channel(params.channelId ?? '');
    if (ch.type === 4 || ch.type === 15 || ch.type === 16) {
      throw new HttpError(400, { message: 'Cannot send messages in a non-text channel', code: 50008 });
    }
    if (ch.thread_metadata?.archived) throw new HttpError(400, { message: 'Thread is archived', code: 50083 });
    const flags = flagsOf(obj(body).flags) & CHANNEL_MESSAGE_FLAGS;
    const errs = validateMessageFields(body, flags);
    if (errs.length) throw formError(errs);
    return ok(createMessage(state, ch.id, body, files, CHANNEL_MESSAGE_FLAGS));
  });

  /** A message of the channel the bot may see (ephemeral ones are only reachable through their webhook). */
  const channelMessage = (ctx: Ctx): APIMessage => {
    const channelId = param(ctx, 'channelId');
    state.channel(channelId);
    const msg = state.messages.get(param(ctx, 'messageId'));
    if (!msg || msg.channel_id !== channelId || (msg.flags ?? 0) & MessageFlag.Ephemeral) {
      throw unknownEntity('Message', 10008);
    }
    return msg;
  };
  r('GET', '/channels/:channelId/messages/:messageId', (ctx) => ok(channelMessage(ctx)));
  r('PATCH', '/channels/:channelId/messages/:messageId', (ctx) => {
    const msg = channelMessage(ctx);
    if (msg.author.id !== state.botUser.id) {
      throw new HttpError(403, { message: 'Cannot edit a message authored by another user', code: 50005 });
    }
    return ok(editMessage(state, msg, ctx.body, ctx.files, CHANNEL_MESSAGE_FLAGS));
  });
  r('DELETE', '/channels/:channelId/messages/:messageId', (ctx) => {
    deleteMessage(state, channelMessage(ctx));
    return noContent;
  });
  for (const method of ['PUT', 'DELETE']) {
    r(method, '/channels/:channelId/messages/:messageId/reactions/:emoji/@me', (ctx) => {
      channelMessage(ctx);
      return noContent;
    });
  }

  r('POST', '/channels/:channelId/messages/:messageId/threads', (ctx) => {
    const parent = state.channel(param(ctx, 'channelId'));
    const msg = channelMessage(ctx);
    if (msg.thread) {
      throw new HttpError(400, { message: 'A thread has already been created for this message', code: 160004 });
    }
    const thread = createThread(state, parent, ctx.body, parent.type === 5 ? 10 : 11, msg.id);
    state.messages.set(msg.id, {
      ...msg,
      flags: (msg.flags ?? 0) | MessageFlag.HasThread,
      thread: thread as unknown as APIMessage['thread'],
    });
    return ok(thread, 201);
  });
  r('POST', '/channels/:channelId/threads', (ctx) => {
    const parent = state.channel(param(ctx, 'channelId'));
    return ok(createThread(state, parent, ctx.body, Number(obj(ctx.body).type ?? 12), snowflake()), 201);
  });
}
