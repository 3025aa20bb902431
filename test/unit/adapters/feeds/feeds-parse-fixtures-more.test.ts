import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchFeed } from '../../../../adapters/feeds/fetch-feed.ts';
import { FeedError, parseFeed } from '../../../../adapters/feeds/parse-feed.ts';
import type { FeedItem, ParsedFeed } from '../../../../src/domain/feed-item.ts';

/**
 * The cases of the real-feed corpus test (feeds-parse-corpus.test.ts) that the first fixture test
 * does not cover, on the project's own fixtures (test/fixtures/feeds), so that they are checked in
 * a clone without ../shared. Where the encoding or the URL a feed came from matters, the document
 * is served by a local HTTP server (`/gzip/…` gzip-compressed, with Content-Encoding: gzip) and
 * fetched by Relais's own fetcher, then parsed as Relais parses a fetched feed.
 */

const NOW = new Date('2026-01-01T00:00:00Z');
const DIR = new URL('../../../fixtures/feeds/', import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, DIR));
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const MARKUP = /<\/?[a-z][^>]*>|&(amp|lt|gt|quot|nbsp|#\d+);/i;

let server: Server;
let origin = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    const [, mode, name] = new URL(req.url ?? '/', 'http://x').pathname.split('/');
    let body: Buffer;
    try {
      body = fixture(decodeURIComponent(name ?? ''));
    } catch {
      return void res.writeHead(404).end();
    }
    const gzip = mode === 'gzip';
    res.writeHead(200, {
      // The gzip route also lies about the charset, as servers do: the XML declaration wins.
      'content-type': name?.endsWith('.html')
        ? 'text/html; charset=utf-8'
        : gzip
          ? 'text/xml; charset=utf-8'
          : 'application/xml',
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    });
    res.end(gzip ? gzipSync(body) : body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Fetched from the local server (`plain` or `gzip`) and parsed with the URL and type it came with. */
async function served(name: string, mode: 'plain' | 'gzip' = 'plain'): Promise<ParsedFeed> {
  const fetched = await fetchFeed(`${origin}/${mode}/${name}`, { allowPrivate: ['127.0.0.1'] });
  if (fetched.status !== 'ok') throw new Error(`${name}: ${fetched.status}`);
  return parseFeed(fetched.body, { url: fetched.finalUrl, contentType: fetched.contentType ?? undefined, now: NOW });
}

/** Read from disk, as if fetched from feeds.example.net. */
const parsed = (name: string, body: Buffer = fixture(name)) =>
  parseFeed(body, { url: `https://feeds.example.net/${name}`, now: NOW });
const iso = (item: FeedItem | undefined) => item?.publishedAt?.toISOString() ?? null;
const urls = (feed: ParsedFeed) => feed.items.map((i) => i.url);

describe('own fixtures, the rest of the corpus cases', () => {
  it('windows-1251 reads as Cyrillic: plain, gzip-encoded over HTTP, and a saved gzip body', async () => {
    const raw = fixture('novosti-windows-1251.xml');
    for (const feed of [
      await served('novosti-windows-1251.xml'),
      await served('novosti-windows-1251.xml', 'gzip'),
      parsed('x', gzipSync(raw)),
    ]) {
      expect(feed.title).toBe('Вести Заречья — Новости города и района'); // not the <image> title
      expect(feed.items).toHaveLength(3);
      expect(feed.items[0]).toMatchObject({
        title: 'В Заречье открыли мост через Сосну – движение пустили в обе стороны',
        url: 'http://www.vesti-zarechye.example.ru/news/51007/',
        // the description, not yandex:full-text
        summary: 'Строители сдали мост на месяц раньше срока: «Успели до морозов», — сказал прораб Пётр Ёлкин.',
      });
      expect(iso(feed.items[0])).toBe('2025-01-22T14:31:31.000Z');
      expect(feed.items.map((i) => i.title).slice(1)).toEqual([
        'Школа № 7 получила новый спортзал',
        'Ёлочный базар закрылся до следующего года',
      ]);
    }
  });

  it('a gzip body with invalid characters still yields its 25 items, multi-byte text intact', async () => {
    for (const feed of [
      await served('devnotes-invalid-characters.xml', 'gzip'),
      parsed('x', gzipSync(fixture('devnotes-invalid-characters.xml'))),
    ]) {
      expect(feed.title).toBe('Dev Notes'); // a backspace in it, dropped
      expect(feed.items).toHaveLength(25);
      expect(feed.items[0]).toMatchObject({ title: 'Kettle', url: 'https://devnotes.example.org/kettle-0/' });
      expect(feed.items[0]!.summary).toMatch(
        /^In life, there's always a queue somewhere\. Every day brings more work than hours\. Paragraph 0: naïve café façade — “quoted” ✓ 猫ねこ 🐱🍰🔥 €5/,
      );
      expect(iso(feed.items[0])).toBe('2025-07-28T07:00:00.000Z');
      // Bytes that are not UTF-8 become U+FFFD; nothing else in 66 KB inflated in chunks does.
      expect(feed.items[1]!.title).toBe('Sieve 1: \uFFFD\uFFFD filters that know when to stop ✓');
      const text = feed.items.flatMap((i) => [i.title, i.summary]).join('\n');
      expect(text.match(/\uFFFD/g)).toHaveLength(2);
      // A NUL in a guid would make the item impossible to store (PostgreSQL text refuses it).
      expect(feed.items[2]!.id).toBe('devnotes-lantern-2');
      for (const item of feed.items) expect(`${item.id} ${item.title} ${item.summary}`).not.toMatch(CONTROL);
    }
  });

  it('an unescaped & and items illegally nested in items are read through; origLink over the click link', () => {
    expect(parsed('rss-unescaped-ampersand.xml').items.map((i) => [i.title, i.url])).toEqual([
      ['Sowing broad beans', 'https://allotment.example.org/posts/broad-beans'],
      ['Frost & fleece', 'https://allotment.example.org/search?tag=frost&sort=new'],
      ['Seed catalogue season', 'https://allotment.example.org/posts/catalogues'],
    ]);
    expect(parsed('rss-unescaped-ampersand.xml').items[1]!.summary).toBe('Cover the brassicas & hope.');
    const nested = parsed('rss-feedburner-nested-items.xml');
    expect(nested.title).toBe('Column by Rosalind Achterberg');
    expect(nested.items.map((i) => [i.title, i.url, iso(i)])).toEqual([
      [
        'Nobody Needs Another Trade Show',
        'https://www.techweekly.example.com/columns/2611.html?src=rss',
        '2025-01-15T20:50:00.000Z',
      ],
      [
        'The Bubble Is Back',
        'https://www.techweekly.example.com/columns/2598.html?src=rss',
        '2025-01-11T13:00:00.000Z',
      ],
      [
        'Stop Predicting the Year',
        'https://www.techweekly.example.com/columns/2587.html?src=rss',
        '2025-01-09T14:30:00.000Z',
      ],
    ]);
    expect(nested.items[0]!.summary).toBe('Everything at the show was covered twice before it opened.');
  });

  it('Atom with namespace prefixes reads the same as with the default namespace', () => {
    for (const name of ['atom-prefixed-namespace.atom', 'atom-xhtml-prefix.atom', 'atom-default-namespace.atom']) {
      const feed = parsed(name);
      expect(feed.link, name).toBe('https://conformance.example.org/namespaces/result.html');
      expect(feed.items, name).toHaveLength(1);
      expect(feed.items[0], name).toMatchObject({
        id: 'urn:uuid:7c2e9f40-1d3b-4a6c-8e5f-90ab12cd34ef',
        url: 'https://conformance.example.org/namespaces/result.html',
        author: 'Hedda Lindqvist', // the feed's author, inherited
        summary:
          'Background reading: Telling an XML document from a plain text file Namespaces, prefixes and the people who love them',
      });
      expect(iso(feed.items[0]), name).toBe('2025-03-18T11:26:54.000Z');
    }
    expect(parsed('atom-prefixed-namespace.atom').title).toBe('Prefixed namespace check');
    const complex = parsed('atom-complex-namespace.xml');
    expect(complex.title).toBe('orders/feed');
    expect(complex.items).toEqual([
      {
        id: 'urn:uuid:5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d',
        title: 'Order 1187 shipped',
        url: null, // its only link is rel="self"
        publishedAt: new Date('2025-08-04T01:29:34.677Z'),
        summary: 'Two crates, one pallet',
        author: 'Tomasz Wierzbicki',
      },
    ]);
  });

  it('relative links: against the channel link, the self link, or the URL the feed came from', async () => {
    const detail = '/en/games/skyforge/news/detail/20251201-skyforge-%26-winter-charity-bundle%21';
    const withSelf = await served('rss-relative-links-absolute-self.xml');
    expect(withSelf.link).toBe('https://www.playhouse.example.com/en/games/skyforge/news');
    expect(withSelf.items[0]!.url).toBe(`https://www.playhouse.example.com${detail}`);
    expect(withSelf.items[0]!.id).toBe('https://www.playhouse.example.com/en/games/PAB_sf/news/detail/20251201');
    const noHost = await served('rss-relative-links-relative-self.xml');
    expect(urls(noHost)).toEqual([`${origin}${detail}`, `${origin}/en/games/skyforge/news/detail/20251130-double-xp`]);
    expect(iso(noHost.items[0])).toBe('2025-12-11T18:00:29.000Z'); // a two-digit year
    expect(urls(parsed('rss-item-xml-base.xml'))).toEqual([
      'https://studio.example.net/kiln/firing-schedule',
      'https://studio.example.net/open-day',
    ]);
    expect(parsed('rss-relative-links-site-path.xml').items[0]!.url).toBe(
      'https://birds.example.org/log/sightings/heron-dawn',
    );
  });

  it('an empty or fragment-only xml:base changes nothing', async () => {
    const expected = [
      'https://ledger.example.com/livewire/council-hires-new-harbour-master',
      'https://ledger.example.com/edblog/were-hiring-an-editor',
    ];
    for (const name of ['atom-relative-links.atom', 'atom-empty-xml-base.atom', 'atom-fragment-xml-base.atom'])
      expect(urls(await served(name)), name).toEqual(expected);
  });

  it('links: the text/html alternate over others, origLink over a click tracker, no tag: URIs', () => {
    const wiki = parsed('atom-alternate-types.atom');
    expect(wiki.link).toBe('https://catwiki.example.org/wiki/show/HomePage');
    expect(wiki.items.map((i) => [i.url, i.author])).toEqual([
      ['https://catwiki.example.org/wiki/show/%280%2C1%29-category', 'Marguerite Oyelaran'], // not rel="self"
      ['https://catwiki.example.org/wiki/show/monoidal-category', 'Marguerite Oyelaran'], // not the PDF or XHTML
    ]);
    const [story] = parsed('rss-click-tracker-origlink.xml').items;
    expect(story).toMatchObject({
      title: 'Schools take on pupils’ fitness',
      url: 'https://www.morningherald.example.com/lifestyle/wellbeing/schools-take-on-fitness/2025/08/19/story.html?src=rss',
      author: 'Wendell Okafor',
      summary: 'You’ve just been named minister for school sport. Where do you start? Read full article >>',
    });
    expect(iso(story)).toBe('2025-08-19T15:33:00.000Z');
    expect(parsed('atom-tag-uri-links.atom').items).toEqual([
      {
        id: 'tag:social.example.org,2025-01-26:objectId=4821',
        title: 'A toot with a tag: link',
        url: null,
        publishedAt: null,
        summary: '',
        author: null,
      },
    ]);
  });

  it('keeps the first of duplicate guids, and channel metadata found after the items', () => {
    expect(parsed('rss-duplicate-guids.xml').items).toEqual([
      expect.objectContaining({
        id: 'https://puzzles.example.com/riddles/50366.html',
        title: 'Huh?',
        url: 'https://puzzles.example.com/riddles/50366.html',
      }),
    ]);
    expect(parsed('rss-trailing-channel-meta.xml')).toEqual({
      title: 'Back Porch Sessions',
      link: 'https://backporch.example.com/',
      items: [
        expect.objectContaining({
          id: 'backporch-1',
          title: 'First episode',
          url: 'https://backporch.example.com/episodes/1',
        }),
      ],
    });
    const journal = parsed('atom-meta-after-author.atom');
    expect(journal).toMatchObject({ title: 'Ines Calloway', link: 'https://journal.example.net/blog/' });
    expect(journal.items.map((i) => [i.url, i.author])).toEqual([
      ['https://journal.example.net/blog/2025/07/16/Inhibiting-Suspend', 'Ines Calloway'],
      ['https://journal.example.net/blog/2025/07/02/Tabs', 'Ines Calloway'],
    ]);
    expect(journal.items[0]!.summary).toMatch(
      /^Patch for \/usr\/share\/applications\/browser\.desktop: 108c108 < Exec=/,
    );
  });

  it('refuses an HTML page as not-a-feed', async () => {
    const refusal = await served('not-a-feed.html').catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(FeedError);
    expect((refusal as FeedError).code).toBe('not-a-feed');
  });

  it('gives only plain text, absolute http(s) links and clean ids for every new fixture', () => {
    for (const name of [
      'novosti-windows-1251.xml',
      'devnotes-invalid-characters.xml',
      'rss-unescaped-ampersand.xml',
      'rss-feedburner-nested-items.xml',
      'atom-prefixed-namespace.atom',
      'atom-xhtml-prefix.atom',
      'atom-default-namespace.atom',
      'atom-complex-namespace.xml',
      'rss-relative-links-absolute-self.xml',
      'rss-relative-links-relative-self.xml',
      'rss-item-xml-base.xml',
      'rss-relative-links-site-path.xml',
      'atom-relative-links.atom',
      'atom-empty-xml-base.atom',
      'atom-fragment-xml-base.atom',
      'atom-alternate-types.atom',
      'rss-click-tracker-origlink.xml',
      'atom-tag-uri-links.atom',
      'rss-duplicate-guids.xml',
      'rss-trailing-channel-meta.xml',
      'atom-meta-after-author.atom',
    ]) {
      const feed = parsed(name);
      expect(feed.items.length, name).toBeGreaterThan(0);
      for (const item of feed.items) {
        for (const text of [item.title, item.summary, item.author ?? '']) expect(text, name).not.toMatch(MARKUP);
        expect(item.summary.length, name).toBeLessThanOrEqual(300);
        if (item.url !== null) expect(item.url, name).toMatch(/^https?:\/\/[^\s]+$/);
        expect(item.id, name).not.toBe('');
        expect(item.id, name).not.toMatch(CONTROL);
      }
    }
  });
});
