import type { WebAPICallResult, WebClient } from '@slack/web-api';
import { DeliveryError } from '../../src/errors.ts';
import type { MessageAttachment } from '../../src/message/model.ts';

/**
 * Slack's upload flow (`files.upload` is retired): an upload URL, the bytes POSTed to it, then the
 * file shared in a channel (or a direct conversation, or a thread). `run` wraps each Web API call
 * (the outbox maps its errors to retry or give up). Slack shows a shared file as its own message.
 */
export async function uploadFile(
  client: WebClient,
  channel: string,
  file: MessageAttachment,
  opts: { threadTs?: string; run?: <T extends WebAPICallResult>(call: () => Promise<T>) => Promise<T> } = {},
): Promise<void> {
  const run = opts.run ?? (<T extends WebAPICallResult>(call: () => Promise<T>) => call());
  const bytes = Buffer.from(file.base64, 'base64');
  const alt = file.alt.slice(0, 1000);
  // Slack documents `alt_txt` (images only); @slack/web-api's types name it `alt_text`: both are sent.
  const described = file.kind === 'image' ? { alt_txt: alt, alt_text: alt } : {};
  const url = (await run(() =>
    client.apiCall('files.getUploadURLExternal', { filename: file.filename, length: bytes.length, ...described }),
  )) as { upload_url?: unknown; file_id?: unknown };
  const uploadUrl = typeof url.upload_url === 'string' ? url.upload_url : null;
  const fileId = typeof url.file_id === 'string' ? url.file_id : null;
  if (!uploadUrl || !fileId) throw new DeliveryError('files.getUploadURLExternal gave no upload_url', false);
  const sent = await fetch(uploadUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream' },
    body: bytes,
  }).catch((error: unknown) => {
    throw new DeliveryError(`upload failed: ${String(error)}`, false);
  });
  if (!sent.ok) throw new DeliveryError(`upload failed: HTTP ${sent.status}`, false);
  await run(() =>
    client.files.completeUploadExternal({
      files: [{ id: fileId, title: file.filename }],
      channel_id: channel,
      ...(opts.threadTs ? { thread_ts: opts.threadTs } : {}),
    }),
  );
}

/** A file for one person only: shared into their direct conversation with Relais (an ephemeral message cannot carry one). */
export async function uploadPrivately(client: WebClient, userId: string, file: MessageAttachment): Promise<void> {
  const open = await client.conversations.open({ users: userId });
  const channel = open.channel?.id;
  if (!channel) throw new Error('conversations.open gave no channel');
  await uploadFile(client, channel, file);
}
