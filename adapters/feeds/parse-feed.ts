/**
 * Feed documents → ParsedFeed: RSS 0.9x, RSS 1.0 (RDF), RSS 2.0, Atom 0.3/1.0, JSON Feed 1.0/1.1.
 *
 * Choosing the parser. Measured on Node 20.20 on this project's 2-core machine (shared, busy:
 * process CPU time, median of 7 rounds of 5 passes, all candidates in the same process) over the
 * 29 documents of ../shared/fixtures/feeds (~190 items), each decoded to a string beforehand:
 *
 * | candidate                             | ms/pass | DTD entities, XXE                           | maintenance              |
 * |---------------------------------------|---------|---------------------------------------------|--------------------------|
 * | rss-parser 3.13 (xml2js 0.5 → sax)    |   75    | sax ignores <!ENTITY>: safe                 | no release since 2023-04 |
 * | feedsmith 3.0.1 (fast-xml-parser 5.11)|   60    | processEntities off: safe                   | active (2026-09)         |
 * | @extractus/feed-extractor 8.0.3       |  182    | fast-xml-parser defaults: expands DTD       | active; fetches by itself |
 * |                                       |         | entities, within caps                       | unless given a fetcher   |
 * | fast-xml-parser 5.12, tree only       |   39    | expands DTD entities (capped at 1000 ×      | active                   |
 * |                                       |         | 10,000 chars), non-recursive since 5.7      |                          |
 * | saxes 6, events only                  |   19    | errors on undeclared entities               | quiet since 2021         |
 * | htmlparser2 10.1 xmlMode, events only |  6.5    | no DTD processing at all; no I/O            | active (fb55, 2026-01)   |
 * | Relais: htmlparser2 + read-xml-feed,  |   39    | as htmlparser2, plus the caps below         |                          |
 * |   whole pipeline from bytes           |         |                                             |                          |
 *
 * rss-parser threw on 3 documents (Atom with prefixed names, saxerror.xml's unescaped `&`, the
 * HTML page), feed-extractor on 4, feedsmith on 1 (the HTML page). A finished parser built on a
 * tree (feedsmith, the best of them) spends most of rss-parser's time before a single field is
 * normalised, so it could not make Relais twice as fast as rss-parser. Relais therefore reads
 * feeds with htmlparser2's XML tokenizer (236 M downloads a month; the parser under cheerio and
 * html-to-text) and a small mapper, read-xml-feed.ts, that keeps only the fields the digest needs,
 * decodes entities only in the text it keeps, never builds a tree, and handles the namespaces and
 * the broken markup real feeds have. JSON Feed goes through JSON.parse. End to end, from bytes
 * (decoding and HTML-to-text included) against rss-parser given ready strings, bench/feeds-parse.ts
 * measures Relais at 2.4–2.8× rss-parser's items per second on the fixture corpus.
 *
 * Safety is structural: entity declarations are never expanded (a billion-laughs document reads
 * as a literal `&lol9;`), external entities and DTDs are never fetched or read (the parser does no
 * I/O), bodies are capped before parsing (and gzip bodies while inflating), nesting is capped
 * (MAX_DEPTH), and at most 2 × maxItems items are held however many the document has.
 */
import type { ParsedFeed } from '../../src/domain/feed-item.ts';
import { decodeBody } from './decode-body.ts';
import { FeedError } from './feed-error.ts';
import { gunzipIfCompressed } from './gunzip-body.ts';
import { normalizeFeed } from './normalize-feed.ts';
import { readJsonFeed } from './read-json-feed.ts';
import { readXmlFeed } from './read-xml-feed.ts';

export { FeedError, type FeedErrorCode } from './feed-error.ts';

/** 5 MiB of text: far above any real feed, small enough to parse in well under a second. */
export const MAX_FEED_BYTES = 5 * 1024 * 1024;
const DEFAULT_MAX_ITEMS = 500;

export interface ParseFeedOptions {
  /** Where the document came from: the last base for relative links. */
  url: string;
  /** The HTTP Content-Type, for its charset. */
  contentType?: string;
  /** Keep the newest this many items (default 500). */
  maxItems?: number;
  /** Size cap in bytes (or UTF-16 units for a string), checked before parsing. Default 5 MiB. */
  maxBytes?: number;
  /** For refusing dates in the future; default the current time. */
  now?: Date;
}

export function parseFeed(body: Buffer | Uint8Array | string, opts: ParseFeedOptions): ParsedFeed {
  const maxBytes = opts.maxBytes ?? MAX_FEED_BYTES;
  const maxItems = Math.max(1, Math.floor(opts.maxItems ?? DEFAULT_MAX_ITEMS));
  if (body.length > maxBytes) throw tooLarge(body.length, maxBytes);
  let text: string;
  if (typeof body === 'string') text = body.charCodeAt(0) === 0xfeff ? body.slice(1) : body;
  else {
    const bytes = gunzipIfCompressed(body, maxBytes);
    if (bytes.length > maxBytes) throw tooLarge(bytes.length, maxBytes);
    text = decodeBody(bytes, opts.contentType);
  }
  const read = { url: opts.url, maxItems, now: opts.now ?? new Date() };
  const start = firstSignificant(text);
  if (start === -1) throw new FeedError('not-a-feed', 'The document is empty.');
  const raw = text.charCodeAt(start) === 0x7b /* { */ ? readJsonFeed(text, read) : readXmlFeed(text, read);
  return normalizeFeed(raw, opts.url);
}

function tooLarge(size: number, max: number): FeedError {
  return new FeedError('too-large', `The document is ${size} bytes long, over the ${max}-byte limit for a feed.`);
}

/** Index of the first character that is not whitespace, or -1. */
function firstSignificant(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return i;
  }
  return -1;
}
