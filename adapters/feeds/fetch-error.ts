import { FeedReadError } from '../../src/errors.ts';

/** Why a feed could not be fetched; `code` is stable kebab-case for logs, tests and the digest footer. */
export type FetchErrorCode =
  | 'bad-url'
  | 'scheme'
  | 'private-address'
  | 'dns'
  | 'timeout'
  | 'too-large'
  | 'too-many-redirects'
  | 'http-status'
  | 'network';

export class FetchError extends FeedReadError {
  declare readonly code: FetchErrorCode;
  /** The HTTP status, for 'http-status'. */
  readonly status?: number;

  constructor(code: FetchErrorCode, message: string, opts: { status?: number; cause?: unknown } = {}) {
    super(code, message, opts.cause === undefined ? {} : { cause: opts.cause });
    this.name = 'FetchError';
    if (opts.status !== undefined) this.status = opts.status;
  }
}
