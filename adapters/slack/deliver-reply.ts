import type { App as BoltApp, RespondArguments } from '@slack/bolt';
import type { MessageRef, Reply } from '../../src/message/model.ts';
import { renderMessage, renderModal } from './render-block-kit.ts';
import type { ModalMetadata } from './slack-payloads.ts';
import { uploadPrivately } from './slack-upload.ts';

type Respond = (message: RespondArguments) => Promise<unknown>;

export interface Where {
  client: BoltApp['client'];
  respond?: Respond;
  responseUrl: string | null;
  triggerId?: string;
  channelId: string | null;
  userId: string;
  /** The message whose button led here: a reply replacing it goes through response_url (ephemeral ones too). */
  source?: MessageRef | null;
}

/**
 * Delivers what a command, click or form answered, once it was acknowledged: a form through
 * views.open, a replacement through response_url or chat.update, a private answer through
 * response_url (or postEphemeral), anything else as a message; a file for one person goes to
 * their direct messages.
 */
export async function deliverReply(reply: Reply, where: Where): Promise<void> {
  if (reply.kind === 'none') return;
  if (reply.kind === 'form-errors') throw new Error('form errors outside a form submission');
  if (reply.kind === 'form') {
    if (!where.triggerId) throw new Error('a form needs a trigger_id');
    const metadata: ModalMetadata = {
      c: where.channelId,
      r: where.responseUrl,
      ...(reply.form.state ? { s: reply.form.state } : {}),
      ...(where.source ? { o: where.source } : {}),
    };
    await where.client.views.open({
      trigger_id: where.triggerId,
      view: renderModal(reply.form, JSON.stringify(metadata)),
    });
    return;
  }
  const message = reply.message;
  const payload = renderMessage(message);
  const replacesSource =
    message.replaces &&
    where.source &&
    message.replaces.channel === where.source.channel &&
    message.replaces.id === where.source.id;
  if (replacesSource && where.respond) {
    await where.respond({ replace_original: true, ...payload });
  } else if (message.replaces) {
    await where.client.chat.update({ channel: message.replaces.channel, ts: message.replaces.id, ...payload });
  } else if (message.visibility === 'only-you') {
    if (where.respond) await where.respond({ response_type: 'ephemeral', replace_original: false, ...payload });
    else if (where.channelId)
      await where.client.chat.postEphemeral({ channel: where.channelId, user: where.userId, ...payload });
    else await where.client.chat.postMessage({ channel: where.userId, ...payload });
  } else if (message.visibility === 'direct') {
    await where.client.chat.postMessage({ channel: where.userId, ...payload });
  } else {
    const channel = message.threadOf?.channel ?? where.channelId ?? where.userId;
    await where.client.chat.postMessage({
      channel,
      ...(message.threadOf ? { thread_ts: message.threadOf.id } : {}),
      ...payload,
    });
  }
  // An answer for one person cannot carry a file on Slack: the file goes to their direct messages.
  if (message.attachment && message.visibility !== 'public')
    await uploadPrivately(where.client, where.userId, message.attachment);
}
