import type { FeedItem } from './feed-item.ts';

/** What Relais keeps of the feeds a channel follows, and when its digest goes out. */

export interface VeilleSource {
  id: number;
  workspaceId: string;
  channelId: string;
  url: string;
  title: string;
  keywords: string[];
  lastOkAt: Date | null;
  failingSince: Date | null;
  lastError: string | null;
}

export interface VeilleChannel {
  minuteOfDay: number;
  timezone: string | null;
  size: number;
  /** ISO weekday (1 = Monday) of the weekly press review; null for none. */
  weeklyDay: number | null;
  /** When an admin last set the time (null: never, the 08:30 default applies). */
  timeSetAt?: Date | null;
}

export interface StoredItem {
  id: number;
  sourceId: number;
  item: FeedItem;
  seenAt: Date;
}

export interface DueSource extends VeilleSource {
  etag: string | null;
  lastModified: string | null;
  failures: number;
}

export interface DigestChannel extends VeilleChannel {
  workspaceId: string;
  channelId: string;
  /** When the channel's oldest source was added: no digest is due for a time before it. */
  followingSince: Date;
}
