import type { APIEmbed, RawFile } from 'discord.js';
import type { MessageAttachment } from '../../src/message/model.ts';

/**
 * A file goes as a multipart attachment, its alt text as the attachment's description. A picture
 * is shown inside the message's embed (or an embed of its own when the message has none); any
 * other file is offered for download under the message.
 */
export function withAttachment<P extends { embeds?: APIEmbed[] | null | undefined }>(
  payload: P,
  file: MessageAttachment | undefined,
): { payload: P; files?: RawFile[] } {
  if (!file) return { payload };
  const files: RawFile[] = [
    { name: file.filename, data: Buffer.from(file.base64, 'base64'), contentType: file.contentType },
  ];
  const attachments = [{ id: 0, filename: file.filename, description: file.alt.slice(0, 1024) }];
  if (file.kind !== 'image') return { payload: { ...payload, attachments }, files };
  const shown = { url: `attachment://${file.filename}` };
  const [first, ...rest] = payload.embeds ?? [];
  return {
    payload: { ...payload, embeds: first ? [{ ...first, image: shown }, ...rest] : [{ image: shown }], attachments },
    files,
  };
}
