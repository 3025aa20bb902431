/**
 * A feed as read from its document, before normalisation: strings as the feed wrote them (markup
 * included), links not yet resolved. Each field remembers the rank of the element it came from,
 * so that a better source (RSS `description` over `itunes:summary`) wins whatever the order.
 */

/**
 * Text as the feed wrote it, decoded on demand: a summary needs only the first few kilobytes of
 * a 50 KB article, and decoding (XML entities) the rest would be most of the work.
 */
export interface RawText {
  /** May hold markup or entities to turn into text. */
  html: boolean;
  /** Length as written in the document. */
  length: number;
  /** The text, from at most the first `maxRaw` characters as written. */
  read(maxRaw: number): string;
}

export function rawText(text: string, html: boolean): RawText {
  return { html, length: text.length, read: (maxRaw) => (maxRaw >= text.length ? text : text.slice(0, maxRaw)) };
}

export interface RawItem {
  /** Position in the document. */
  order: number;
  title: RawText | null;
  titleRank: number;
  link: string | null;
  /** The xml:base in scope where the link was read, when the document sets one; else null. */
  linkBase: string | null;
  linkRank: number;
  guid: string | null;
  summary: RawText | null;
  summaryRank: number;
  author: string | null;
  authorRank: number;
  publishedAt: Date | null;
  dateRank: number;
}

export type FeedFormat = 'rss' | 'rdf' | 'atom' | 'json';

export interface RawFeed {
  format: FeedFormat;
  title: RawText | null;
  link: string | null;
  linkBase: string | null;
  /** Where the feed says it lives (RSS `atom:link rel="self"`), used to resolve RSS links. */
  selfLink: string | null;
  selfLinkBase: string | null;
  /** Feed-level author, inherited by Atom entries that name none. */
  author: string | null;
  items: RawItem[];
  /** Items in the document, including those dropped to keep the newest. */
  itemCount: number;
}

export function newRawItem(order: number): RawItem {
  return {
    order,
    title: null,
    titleRank: Infinity,
    link: null,
    linkBase: null,
    linkRank: Infinity,
    guid: null,
    summary: null,
    summaryRank: Infinity,
    author: null,
    authorRank: Infinity,
    publishedAt: null,
    dateRank: Infinity,
  };
}

export function newRawFeed(format: FeedFormat): RawFeed {
  return {
    format,
    title: null,
    link: null,
    linkBase: null,
    selfLink: null,
    selfLinkBase: null,
    author: null,
    items: [],
    itemCount: 0,
  };
}
