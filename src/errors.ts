import type { MessageKey } from './i18n/catalog.ts';

/**
 * Expected failures. `key` names the translated message shown privately to the person who
 * acted; `code` is stable kebab-case for logs and tests.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly key: MessageKey,
    readonly params: Record<string, string | number> = {},
  ) {
    super(`${code}: ${key}`);
    this.name = 'AppError';
  }
}

export class NotFound extends AppError {
  constructor(key: MessageKey, params?: Record<string, string | number>) {
    super('not-found', key, params);
  }
}

export class Forbidden extends AppError {
  constructor(key: MessageKey, params?: Record<string, string | number>) {
    super('forbidden', key, params);
  }
}

/** Only Relais admins may do this; the refusal names them, so the person knows whom to ask. */
export class NotAdmin extends Forbidden {
  constructor(readonly admins: readonly string[]) {
    super('config.forbidden');
  }
}

export class Invalid extends AppError {
  constructor(key: MessageKey, params?: Record<string, string | number>) {
    super('invalid', key, params);
  }
}

export class Conflict extends AppError {
  constructor(key: MessageKey, params?: Record<string, string | number>) {
    super('conflict', key, params);
  }
}

/**
 * A platform refused or failed a message. `permanent` ones (a person who cannot be messaged, a
 * deleted channel) are recorded and not retried; others are retried with back-off, no sooner
 * than `retryAfterMs` when the platform said so.
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly retryAfterMs?: number,
    /** The platform's rate limit: wait `retryAfterMs`, it is not a failure. */
    readonly rateLimited = false,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** Why a feed could not be read, whatever reads it (network guard, HTTP, parser). */
export type FeedProblem =
  | 'bad-url'
  | 'scheme'
  | 'private-address'
  | 'dns'
  | 'timeout'
  | 'too-large'
  | 'too-many-redirects'
  | 'http-status'
  | 'network'
  | 'not-a-feed'
  | 'malformed';

/** Thrown across the feed-reader port; `code` is stable kebab-case for logs, tests and the digest footer. */
export class FeedReadError extends Error {
  constructor(
    readonly code: FeedProblem,
    message: string,
    opts: { cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'FeedReadError';
  }
}
