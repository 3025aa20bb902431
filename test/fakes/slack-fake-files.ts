import type { SlackArgs } from './slack-fake-parse.ts';
import { type ApiAnswer, type FakeState, randomId } from './slack-fake-state.ts';

/**
 * Slack's current upload flow (files.upload is retired): `files.getUploadURLExternal` gives an
 * upload URL and a file id, the bytes are POSTed there, `files.completeUploadExternal` shares the
 * files into a channel. The fake records each file's bytes, name, alt text and where it was shared.
 */
export interface SlackFakeFile {
  id: string;
  filename: string;
  length: number;
  altTxt?: string;
  title?: string;
  /** Null until the bytes are POSTed to the upload URL. */
  bytes: Buffer | null;
  /** Set by files.completeUploadExternal. */
  channel?: string;
  threadTs?: string;
  completed: boolean;
}

export function createFileStore() {
  return new Map<string, SlackFakeFile>();
}

export function filesRoute(
  state: FakeState,
  files: Map<string, SlackFakeFile>,
  baseUrl: string,
  method: string,
  a: SlackArgs,
): ApiAnswer | undefined {
  switch (method) {
    case 'files.getUploadURLExternal': {
      const filename = typeof a.filename === 'string' ? a.filename : '';
      const length = Number(a.length);
      if (!filename || !Number.isInteger(length) || length <= 0) return { ok: false, error: 'invalid_arguments' };
      const id = randomId('F', 10);
      files.set(id, {
        id,
        filename,
        length,
        ...(typeof a.alt_txt === 'string' ? { altTxt: a.alt_txt } : {}),
        bytes: null,
        completed: false,
      });
      return { ok: true, upload_url: `${baseUrl}/upload/${id}`, file_id: id };
    }
    case 'files.completeUploadExternal': {
      const list = typeof a.files === 'string' ? (JSON.parse(a.files) as unknown) : a.files;
      if (!Array.isArray(list) || list.length === 0) return { ok: false, error: 'invalid_arguments' };
      const channel = typeof a.channel_id === 'string' ? state.resolveChannel(a.channel_id) : undefined;
      const done: SlackFakeFile[] = [];
      for (const entry of list as { id?: string; title?: string }[]) {
        const file = entry.id ? files.get(entry.id) : undefined;
        // Slack refuses to complete a file whose bytes never arrived.
        if (!file?.bytes) return { ok: false, error: 'file_not_found' };
        file.completed = true;
        if (entry.title) file.title = entry.title;
        if (channel) file.channel = channel;
        if (typeof a.thread_ts === 'string') file.threadTs = a.thread_ts;
        done.push(file);
      }
      return { ok: true, files: done.map((f) => ({ id: f.id, title: f.title ?? f.filename, name: f.filename })) };
    }
    default:
      return undefined;
  }
}

/** The POST to an upload URL: the raw bytes (or a multipart form's file); 200 `OK - <length>`. */
export function receiveUpload(files: Map<string, SlackFakeFile>, id: string, body: Buffer): number {
  const file = files.get(id);
  if (!file) return 404;
  file.bytes = body;
  return 200;
}
