import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedError, parseFeed } from '../../../../adapters/feeds/parse-feed.ts';
import type { ParsedFeed } from '../../../../src/domain/feed-item.ts';

/**
 * The real feeds of ../shared/fixtures/feeds (see its README), served by a local HTTP server as a
 * site would serve them (gzip files with Content-Encoding: gzip) and read as Relais reads a
 * fetched feed: every one is parsed or refused with a FeedError, never a crash.
 */

const CORPUS = fileURLToPath(new URL('../../../../../shared/fixtures/feeds/', import.meta.url));
const present = existsSync(CORPUS);
if (!present) console.warn(`[relais] ${CORPUS} is absent: the real-feed corpus tests are skipped.`);

const NOW = new Date('2026-01-01T00:00:00Z');
const HTML_MARKUP =
  /<\/?(p|div|span|a|b|i|em|strong|br|img|script|style|ul|ol|li|table|iframe|h\d)\b[^>]*>|&(amp|lt|gt|quot|nbsp|#\d+);/i;
let server: Server;
let base = '';
const feeds = new Map<string, ParsedFeed | FeedError>();

const parsed = (name: string): ParsedFeed => {
  const result = feeds.get(name);
  if (!(result && !(result instanceof FeedError))) throw new Error(`${name} did not parse: ${String(result)}`);
  return result;
};

describe.skipIf(!present)('the real-feed corpus (../shared/fixtures/feeds)', () => {
  const names = present ? readdirSync(CORPUS).filter((name) => !name.endsWith('.md')) : [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const name = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname.slice(1));
      if (!names.includes(name)) return void res.writeHead(404).end();
      const body = readFileSync(join(CORPUS, name));
      const gzipped = body[0] === 0x1f && body[1] === 0x8b;
      res.writeHead(200, {
        'content-type': name.endsWith('.html') ? 'text/html; charset=utf-8' : 'application/xml',
        ...(gzipped ? { 'content-encoding': 'gzip' } : {}),
      });
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    for (const name of names) {
      const response = await fetch(base + encodeURIComponent(name));
      const body = Buffer.from(await response.arrayBuffer());
      try {
        feeds.set(
          name,
          parseFeed(body, {
            url: base + name,
            contentType: response.headers.get('content-type') ?? undefined,
            now: NOW,
          }),
        );
      } catch (error) {
        if (!(error instanceof FeedError)) throw error;
        feeds.set(name, error);
      }
    }
  });
  afterAll(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it('parses every document or refuses it with a FeedError; only the HTML page is refused', () => {
    expect(feeds.size).toBe(names.length);
    const refused = [...feeds]
      .filter(([, r]) => r instanceof FeedError)
      .map(([name, r]) => [name, (r as FeedError).code]);
    expect(refused).toEqual([['notafeed.html', 'not-a-feed']]);
    for (const [name, result] of feeds) {
      if (result instanceof FeedError) continue;
      expect(result.items.length, name).toBeGreaterThan(0);
      for (const item of result.items) {
        expect(item.summary.length, name).toBeLessThanOrEqual(300);
        if (item.url !== null) expect(item.url, name).toMatch(/^https?:\/\//);
        // (text may show code such as `#import <objc/runtime.h>`: only HTML elements are markup)
        for (const text of [item.title, item.summary]) expect(text, name).not.toMatch(HTML_MARKUP);
      }
    }
  });

  it('RSS 2.0 sample: items, dates, an item without a title', () => {
    const feed = parsed('rss2sample.xml');
    expect(feed.title).toBe('Liftoff News');
    expect(feed.items).toHaveLength(4);
    expect(feed.items[0]).toMatchObject({
      title: 'Star City',
      url: 'http://liftoff.msfc.nasa.gov/news/2003/news-starcity.asp',
      id: 'http://liftoff.msfc.nasa.gov/2003/06/03.html#item573',
    });
    expect(feed.items[0]!.publishedAt?.toISOString()).toBe('2003-06-03T09:39:21.000Z');
    expect(feed.items[1]!.title).toMatch(/^Sky watchers in Europe, Asia, and parts of Alaska/);
  });

  it('windows-1251, plain and gzip-encoded, reads as Cyrillic', () => {
    for (const name of ['iconv.xml', 'compressed.xml']) {
      const feed = parsed(name);
      expect(feed.title).toBe('Новости Оренбурга и области / Раздел Новости');
      expect(feed.items).toHaveLength(10);
      expect(feed.items[0]).toMatchObject({
        title: 'В Бузулуке главные стройплощадки – детсад и Ледовый дворец',
        url: 'http://www.oren.ru/news/2743422/',
      });
      expect(feed.items[0]!.publishedAt?.toISOString()).toBe('2014-01-22T14:31:31.000Z');
    }
  });

  it('a gzip body with invalid characters still yields its 25 items', () => {
    const feed = parsed('invalid-characters-gzipped.xml');
    expect(feed.title).toBe('NSHipster');
    expect(feed.items).toHaveLength(25);
    expect(feed.items[0]).toMatchObject({ title: 'NSOperation', url: 'http://nshipster.com/nsoperation/' });
    expect(feed.items[0]!.summary).toMatch(/^In life, there's always work to be done\./);
  });

  it('an unescaped & and an item nested in an item are read through', () => {
    expect(parsed('saxerror.xml').items.map((i) => i.url)).toEqual([
      'http://example.com/good',
      'http://example.com/bad?foo=1&bar=2',
      'http://example.com/after',
    ]);
    const nested = parsed('illegally-nested.xml');
    expect(nested.items).toHaveLength(10);
    expect(nested.items[0]).toMatchObject({ title: 'My Professional Armchair Analysis of CES' });
    expect(nested.items[0]!.url).toMatch(/^http:\/\/www\.pcmag\.com\/article2\//); // feedburner:origLink, not the feedproxy click
    expect(nested.items[0]!.publishedAt?.toISOString()).toBe('2018-01-17T20:50:00.000Z');
  });

  it('Atom with namespace prefixes reads the same as with the default namespace', () => {
    for (const name of [
      'nondefaultnamespace.atom',
      'nondefaultnamespace-xhtml.atom',
      'nondefaultnamespace-baseline.atom',
    ]) {
      const [entry] = parsed(name).items;
      expect(entry, name).toMatchObject({
        id: 'urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a',
        url: 'http://example.org/tests/namespace/result.html',
        author: 'Aristotle Pagaltzis',
      });
      expect(entry!.summary, name).toMatch(
        /^For information, see: Who knows an XML document from a hole in the ground\?/,
      );
    }
    expect(parsed('complexNamespaceFeed.xml').items[0]).toMatchObject({
      title: 'This is the title',
      author: 'John Doe',
      summary: 'Hello World',
      url: null,
    });
  });

  it('relative links: against the channel link, the self link, or the URL the feed came from', () => {
    const detail = '/en/games/neverwinter/news/detail/10743874-neverwinter-%26-jingle-jam-humble-bundle%21';
    expect(parsed('rss-with-relative-urls-with-absolute-xmlurl.xml').items[0]!.url).toBe(
      `http://www.arcgames.com${detail}`,
    );
    expect(parsed('rss-with-relative-urls.xml').items[0]!.url).toBe(`${base.slice(0, -1)}${detail}`);
    expect(parsed('rss-with-relative-urls.xml').items[0]!.publishedAt?.toISOString()).toBe('2017-12-07T18:00:29.000Z');
    expect(parsed('rss-with-item-scoped-html-base.xml').items.map((i) => i.url)).toEqual([
      'https://example.com/first/first',
      'https://example.com/second',
    ]);
    expect(parsed('rss-with-relative-html-urls-no-base.xml').items[0]!.url).toBe(
      'https://example.com/feed/posts/post-1',
    );
  });

  it('an empty or fragment-only xml:base changes nothing', () => {
    const urls = (name: string) => parsed(name).items.map((i) => i.url);
    expect(urls('tpm.atom')[0]).toBe(
      'http://talkingpointsmemo.com/livewire/hannity-announces-fox-hired-sebastian-gorka-national-security-strategist',
    );
    expect(urls('tpm-with-empty-base.atom')).toEqual(urls('tpm.atom'));
    expect(urls('tpm-with-fragment-base.atom')).toEqual(urls('tpm.atom'));
  });

  it('links: the text/html alternate over others, origLink over a click tracker, no tag: URIs', () => {
    expect(parsed('non-text-alternate-links.xml').items[0]).toMatchObject({
      url: 'https://ncatlab.org/nlab/show/%280%2C1%29-category',
      author: 'Mike Shulman',
    });
    const wapo = parsed('wapowellness.xml').items[0]!;
    expect(wapo.url).toMatch(/^http:\/\/www\.washingtonpost\.com\/lifestyle\/wellness\/schools-minister/);
    expect(wapo.author).toBe('Lenny Bernstein');
    expect(parsed('atom-with-tag-uri-links.xml').items[0]).toMatchObject({
      title: 'Test Entry',
      url: null,
      id: 'tag:mefi.social,2024-01-26:objectId=20368395',
    });
  });

  it('keeps the first of duplicate guids, and metadata found after the items', () => {
    expect(parsed('guid-dupes.xml').items[0]).toMatchObject({
      id: 'http://www.braingle.com/50366.html',
      title: 'Huh?',
    });
    expect(parsed('rss-with-trailing-meta.xml')).toMatchObject({
      title: 'Trailing Meta Feed',
      items: [{ title: 'First item', url: 'https://example.com/items/1' }],
    });
    expect(parsed('intertwingly.atom')).toMatchObject({ title: 'Sam Ruby', link: 'http://intertwingly.net/blog/' });
    expect(parsed('intertwingly.atom').items).toHaveLength(20);
  });
});
