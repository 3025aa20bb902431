import { FeedReadError } from '../../src/errors.ts';

/**
 * Why a document could not be read as a feed; `code` is stable kebab-case for logs, tests and the
 * digest footer, `message` an English sentence for people debugging a source.
 */
export type FeedErrorCode =
  /** Not RSS, Atom or JSON Feed (an HTML page, an empty body, other JSON or XML). */
  | 'not-a-feed'
  /** Looks like a feed but cannot be read (broken JSON, a corrupt gzip body, nesting too deep). */
  | 'malformed'
  /** Over the size cap, refused before parsing. */
  | 'too-large';

export class FeedError extends FeedReadError {
  declare readonly code: FeedErrorCode;

  constructor(code: FeedErrorCode, message: string, opts: { cause?: unknown } = {}) {
    super(code, message, opts);
    this.name = 'FeedError';
  }
}
