import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FeedError, MAX_FEED_BYTES, parseFeed } from './parse-feed.ts';

/**
 * `relais veille parse <file-or-url>`: what Relais reads in a feed, for people debugging a
 * source. Prints the normalised items as a JSON array and returns 0; on a document it cannot
 * read, says why on stderr and returns 1; on a missing file or a URL it may not fetch, returns 2.
 */

export interface ParseCliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** Fetches an http(s) URL (the guarded feed fetcher); without it, URLs are refused. */
  fetchUrl?: (url: string) => Promise<{ body: Buffer; contentType?: string }>;
}

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

export async function runVeilleParse(target: string, io: ParseCliIo): Promise<number> {
  const fail = (code: number, message: string) => {
    io.stderr(`veille parse: ${message}\n`);
    return code;
  };
  if (!target) return fail(2, 'give a feed file or an http(s) URL.');

  let body: Buffer;
  let contentType: string | undefined;
  let url: string;
  if (/^https?:\/\//i.test(target)) {
    if (!io.fetchUrl) return fail(2, `cannot fetch ${target} here: save the feed to a file and pass its path.`);
    url = target;
    try {
      ({ body, contentType } = await io.fetchUrl(target));
    } catch (error) {
      return fail(1, `cannot fetch ${target}: ${(error as Error).message}`);
    }
  } else if (SCHEME.test(target)) {
    return fail(2, `${target.split(':')[0]}: URLs are not read; give a file path or an http(s) URL.`);
  } else {
    const path = resolve(target);
    url = pathToFileURL(path).href;
    try {
      const info = await stat(path);
      if (!info.isFile()) return fail(2, `${target} is not a file.`);
      if (info.size > MAX_FEED_BYTES)
        return fail(
          1,
          `${target}: the file is ${info.size} bytes long, over the ${MAX_FEED_BYTES}-byte limit for a feed (too-large).`,
        );
      body = await readFile(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return fail(2, `no such file: ${target}`);
      return fail(2, `cannot read ${target}: ${(error as Error).message}`);
    }
  }

  try {
    const feed = parseFeed(body, { url, contentType });
    const items = feed.items.map((item) => ({
      title: item.title,
      url: item.url,
      publishedAt: item.publishedAt?.toISOString() ?? null,
      summary: item.summary,
      author: item.author,
      id: item.id,
    }));
    io.stdout(`${JSON.stringify(items, null, 2)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof FeedError) return fail(1, `${target}: ${error.message} (${error.code})`);
    throw error;
  }
}
