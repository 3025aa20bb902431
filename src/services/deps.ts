import type { Logger } from '../log.ts';
import type { ChartRenderer, Clock, FeedReader, Store } from '../ports.ts';

/** What every use case receives: no globals, so tests hand in fakes and a fixed clock. */
export interface Deps {
  store: Store;
  clock: Clock;
  log: Logger;
  /** Reads feed URLs (veille); absent where no feed is ever read. */
  feeds?: FeedReader;
  /** Draws the weekly report's chart; absent: the report goes without it. */
  chart?: ChartRenderer;
  /** Called after each command, click or form: wakes the outbox worker. */
  afterWork?: () => void;
  /**
   * Told after a commit that these people's desks (Slack's App Home) changed: the users, and the
   * members of these user groups. Absent where no desk is shown (Discord, the playground).
   */
  deskChanged?: (workspaceId: string, userIds: string[], groupIds?: string[]) => void;
}
