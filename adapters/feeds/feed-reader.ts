import type { FeedReader } from '../../src/ports.ts';
import { fetchFeed } from './fetch-feed.ts';
import { createHostPace } from './host-pace.ts';
import { parseFeed } from './parse-feed.ts';

/** Feed URLs fetched with every guard (addresses, size, time, redirects, per-host pace), then parsed. */
export function createFeedReader(opts: { allowPrivate: string[] }): FeedReader {
  const pace = createHostPace(1000);
  return {
    async read(url, validators) {
      const result = await fetchFeed(url, { allowPrivate: opts.allowPrivate, pace, ...(validators ?? {}) });
      if (result.status !== 'ok') return { status: 'not-modified' };
      const parsed = parseFeed(result.body, {
        url: result.finalUrl,
        ...(result.contentType ? { contentType: result.contentType } : {}),
      });
      return {
        status: 'ok',
        title: parsed.title,
        items: parsed.items,
        etag: result.etag,
        lastModified: result.lastModified,
        finalUrl: result.finalUrl,
      };
    },
  };
}
