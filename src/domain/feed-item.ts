/**
 * What a feed says once read and normalised: plain text only (no markup survives), absolute
 * http(s) links, and dates that are either known or `null` — never "now" for a missing one.
 */

export interface FeedItem {
  /** The feed's own id (RSS guid, Atom id, JSON Feed id), else the canonical URL, else a hash of title and date. */
  id: string;
  /** Plain text; may be empty when the feed gives neither a title nor a summary. */
  title: string;
  /** Absolute http(s) link to the article, alert-service redirects unwrapped; null when the feed gives none usable. */
  url: string | null;
  /** When the item was published (or last updated when that is all the feed says); null when unknown. */
  publishedAt: Date | null;
  /** Plain text, at most 300 characters, cut at a word with a visible ellipsis. */
  summary: string;
  author: string | null;
}

export interface ParsedFeed {
  /** Plain text; empty when the feed has no title. */
  title: string;
  /** The site's home page as an absolute http(s) URL, when the feed names one. */
  link: string | null;
  items: FeedItem[];
}
