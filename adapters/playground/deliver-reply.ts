import type { Logger } from '../../src/log.ts';
import type { MessageRef, Reply } from '../../src/message/model.ts';
import { CHANNELS, dmChannelOf, RELAIS_AUTHOR } from './directory.ts';
import { renderFormHtml } from './render-html.ts';
import type { PlaygroundWorkspace } from './workspace.ts';

/** Where the person acted: where an answer goes unless it says otherwise. */
export interface Where {
  userId: string;
  channel: string;
  /** The thread the person acted in, if any. */
  threadOf: string | null;
  trigger?: { userId: string; text: string };
  /** The message whose button led here; a form opened from it keeps it for its answer. */
  source?: MessageRef;
}

/** What the page is told after a command, click or submission. */
export type Outcome =
  | { kind: 'message'; messageId: string; channel: string; threadOf: string | null }
  | { kind: 'form'; token: string; formId: string; title: string; html: string }
  | { kind: 'form-errors'; errors: Record<string, string> }
  | { kind: 'none' };

/**
 * Puts the core's reply into the fake chat: a message is posted (privately for "only you", in the
 * person's direct messages for "direct", in a thread or in place when it says so); a form is kept
 * open for this person and handed to the page as HTML.
 */
export async function deliverReply(ws: PlaygroundWorkspace, reply: Reply, where: Where, log: Logger): Promise<Outcome> {
  switch (reply.kind) {
    case 'none':
      return { kind: 'none' };
    case 'form-errors':
      return { kind: 'form-errors', errors: reply.errors };
    case 'form': {
      const pending = ws.openForm({
        form: reply.form,
        userId: where.userId,
        channel: where.channel,
        threadOf: where.threadOf,
        ...(where.source ? { source: where.source } : {}),
      });
      return {
        kind: 'form',
        token: pending.token,
        formId: reply.form.id,
        title: reply.form.title,
        html: renderFormHtml(reply.form, { channels: CHANNELS }),
      };
    }
    case 'message':
      break;
  }
  const message = reply.message;
  const visibleTo = message.visibility === 'public' ? null : where.userId;

  if (message.replaces) {
    const target = ws.find(message.replaces.id);
    if (target && target.channel === message.replaces.channel) {
      await ws.replace(target.id, message, visibleTo);
      return { kind: 'message', messageId: target.id, channel: target.channel, threadOf: target.threadOf };
    }
    log.warn({ ref: message.replaces }, 'playground: the message to replace is gone; posting a new one');
  }

  let channel = where.channel;
  let threadOf = where.threadOf;
  if (message.visibility === 'direct') {
    channel = dmChannelOf(where.userId);
    threadOf = null;
  } else if (message.threadOf) {
    const root = ws.find(message.threadOf.id);
    if (root && root.channel === message.threadOf.channel) {
      channel = root.channel;
      threadOf = root.threadOf ?? root.id;
    } else {
      log.warn({ ref: message.threadOf }, 'playground: the thread is gone; posting in the channel');
    }
  }
  const posted = await ws.post({
    channel,
    author: RELAIS_AUTHOR,
    message,
    visibleTo,
    threadOf,
    ...(where.trigger ? { trigger: where.trigger } : {}),
  });
  return { kind: 'message', messageId: posted.id, channel, threadOf };
}
