/** What the fake records of each request it receives, for tests to wait on and inspect. */

export interface RecordedFile {
  /** multipart field name, e.g. `files[0]` */
  field: string;
  filename: string;
  contentType: string;
  size: number;
  data: Buffer;
}

export interface RecordedCall {
  method: string;
  /** decoded path after /api/v10, e.g. '/interactions/123/tok/callback', '/webhooks/1/tok/messages/@original' */
  path: string;
  query: Record<string, string>;
  /** parsed JSON body; for multipart, the parsed `payload_json` part (or the plain fields); null when empty */
  body: unknown;
  /** lower-cased header names */
  headers: Record<string, string>;
  /** Date.now() when the request arrived */
  at: number;
  /** status the fake answered with */
  status: number;
  /** JSON the fake answered with (undefined for 204) */
  response: unknown;
  /** files of a multipart request */
  files: RecordedFile[];
}

export type CallPredicate = (c: RecordedCall) => boolean;

/** A predicate that throws counts as "no match" (tests write `c.body.x.y` freely). */
export function safePred(pred: CallPredicate, c: RecordedCall): boolean {
  try {
    return Boolean(pred(c));
  } catch {
    return false;
  }
}
