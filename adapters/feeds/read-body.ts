import type { IncomingMessage } from 'node:http';
import { type Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { constants, createBrotliDecompress, createUnzip } from 'node:zlib';
import { FetchError } from './fetch-error.ts';

/** What the fetcher asks servers for; each one is decoded below. */
export const ACCEPT_ENCODING = 'gzip, deflate, br';

/**
 * One decoder per content coding, applied in reverse order of the header. `createUnzip` reads
 * both gzip and zlib-wrapped deflate (what "deflate" means in HTTP), so a mislabelled body still
 * decodes. `finishFlush` lets a body cut short by the cap or the server end without a zlib error
 * of its own.
 */
function decoderFor(coding: string): Transform | null {
  switch (coding) {
    case 'identity':
      return null;
    case 'gzip':
    case 'x-gzip':
    case 'deflate':
      return createUnzip({ finishFlush: constants.Z_SYNC_FLUSH });
    case 'br':
      return createBrotliDecompress();
    default:
      throw new FetchError('network', `unsupported content-encoding: ${coding}`);
  }
}

function decodersFor(header: string | undefined): Transform[] {
  const codings = (header ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter(Boolean)
    .reverse();
  return codings.map(decoderFor).filter((d): d is Transform => d !== null);
}

/**
 * Reads a response body, decoded, counting the decoded bytes as they stream: past `maxBytes`
 * everything is torn down at once ('too-large'), so neither a huge body nor a decompression bomb
 * is ever held in memory. zlib honours back-pressure, so a bomb inflates no faster than this
 * loop consumes it. A declared Content-Length over the cap (uncompressed) is refused unread.
 * `signal` ends the read (the caller's deadline) with the signal's reason.
 */
export async function readBody(res: IncomingMessage, maxBytes: number, signal: AbortSignal): Promise<Buffer> {
  let decoders: Transform[];
  try {
    decoders = decodersFor(res.headers['content-encoding']);
  } catch (err) {
    res.destroy();
    throw err;
  }
  const declared = Number(res.headers['content-length']);
  if (decoders.length === 0 && Number.isFinite(declared) && declared > maxBytes) {
    res.destroy();
    throw new FetchError('too-large', `body of ${declared} bytes is over the ${maxBytes}-byte cap`);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  const collect = new Writable({
    write(chunk: Buffer, _encoding, done) {
      total += chunk.length;
      if (total > maxBytes)
        return done(
          new FetchError('too-large', `body is over the ${maxBytes}-byte cap${decoders.length ? ' once decoded' : ''}`),
        );
      chunks.push(chunk);
      done();
    },
  });
  try {
    await pipeline([res, ...decoders, collect], { signal });
  } catch (err) {
    if (err instanceof FetchError) throw err;
    if (signal.aborted && signal.reason instanceof FetchError) throw signal.reason;
    throw new FetchError('network', `body not received or not decodable: ${(err as Error).message}`, { cause: err });
  }
  return Buffer.concat(chunks, total);
}
