import { parseFeedDate } from './feed-date.ts';
import { FeedError } from './feed-error.ts';
import { keepNewest } from './keep-newest.ts';
import { newRawFeed, newRawItem, type RawFeed, rawText } from './raw-feed.ts';
import type { ReadOptions } from './read-xml-feed.ts';

/**
 * JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1) → RawFeed. Fields of the wrong type
 * are ignored, not trusted: a feed is outside input.
 */

const VERSION = /^https?:\/\/jsonfeed\.org\/version\/1(\.\d+)?\/?$/;

export function readJsonFeed(json: string, opts: ReadOptions): RawFeed {
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch (error) {
    throw new FeedError('malformed', `The JSON document cannot be read (${(error as Error).message}).`, {
      cause: error,
    });
  }
  if (!isObject(doc) || typeof doc.version !== 'string' || !VERSION.test(doc.version.trim())) {
    throw new FeedError(
      'not-a-feed',
      'The JSON document is not a JSON Feed (no "version": "https://jsonfeed.org/version/1.1").',
    );
  }
  const feed = newRawFeed('json');
  const title = str(doc.title);
  if (title) feed.title = rawText(title, false);
  feed.link = str(doc.home_page_url);
  feed.selfLink = str(doc.feed_url);
  feed.author = authorOf(doc);

  const keeper = keepNewest(opts.maxItems);
  const items = Array.isArray(doc.items) ? doc.items : [];
  for (const entry of items) {
    if (!isObject(entry)) continue;
    const item = newRawItem(++feed.itemCount);
    const id = typeof entry.id === 'number' ? String(entry.id) : str(entry.id);
    item.guid = id;
    const url = str(entry.url) ?? str(entry.external_url);
    if (url) [item.link, item.linkRank] = [url, 0];
    const itemTitle = str(entry.title);
    if (itemTitle) [item.title, item.titleRank] = [rawText(itemTitle, false), 0];
    const summary = str(entry.summary);
    const text = str(entry.content_text);
    const html = str(entry.content_html);
    if (summary) item.summary = rawText(summary, false);
    else if (text) item.summary = rawText(text, false);
    else if (html) item.summary = rawText(html, true);
    item.author = authorOf(entry);
    for (const [rank, field] of ['date_published', 'date_modified'].entries()) {
      const date = parseFeedDate(str(entry[field]), opts.now);
      if (date && rank < item.dateRank) [item.publishedAt, item.dateRank] = [date, rank];
    }
    keeper.add(item);
  }
  feed.items = keeper.items();
  return feed;
}

/** JSON Feed 1.1 `authors[0].name`, or 1.0 `author.name`. */
function authorOf(holder: Record<string, unknown>): string | null {
  const authors = Array.isArray(holder.authors) ? holder.authors : [holder.author];
  for (const author of authors) if (isObject(author) && str(author.name)) return str(author.name);
  return null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}
