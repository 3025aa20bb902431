import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';

/** Small JSON-over-HTTP helpers for the playground's API: bounded bodies, errors as JSON. */

const MAX_BODY_BYTES = 64 * 1024;

/** An answer to send instead of going on: bad input, a missing form… */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'HttpProblem';
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function sendProblem(res: ServerResponse, problem: HttpProblem): void {
  sendJson(res, problem.status, {
    error: { code: problem.code, message: problem.message, ...(problem.details ? { details: problem.details } : {}) },
  });
}

/** Reads a JSON body (application/json only, which also keeps other sites' plain form posts out). */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type))
    throw new HttpProblem(415, 'unsupported-media-type', 'send JSON with content-type: application/json');
  const chunks: Buffer[] = [];
  let size = 0;
  // Read to the end even when too large (dropping the excess), so the 413 reaches the client.
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk as Buffer);
  }
  if (size > MAX_BODY_BYTES)
    throw new HttpProblem(413, 'body-too-large', `bodies hold at most ${MAX_BODY_BYTES} bytes`);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpProblem(400, 'bad-json', 'the body is not valid JSON');
  }
}

/** Validates with zod; problems come back as a 400 naming each field. */
export function parseWith<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  throw new HttpProblem(
    400,
    'bad-request',
    details.map((d) => `${d.path || 'body'}: ${d.message}`).join('; '),
    details,
  );
}
