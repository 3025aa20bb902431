import { gunzipSync } from 'node:zlib';
import { FeedError } from './feed-error.ts';

/**
 * A body that is still gzip-compressed (a saved `.xml.gz`, a server that compressed twice) is
 * inflated, never past `maxBytes`: a small bomb is refused as 'too-large' without being expanded.
 */
export function gunzipIfCompressed(bytes: Uint8Array, maxBytes: number): Uint8Array {
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  try {
    return gunzipSync(bytes, { maxOutputLength: maxBytes + 1 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new FeedError('too-large', `The compressed document inflates past ${maxBytes} bytes.`, { cause: error });
    }
    throw new FeedError('malformed', `The gzip-compressed document cannot be inflated (${(error as Error).message}).`, {
      cause: error,
    });
  }
}
