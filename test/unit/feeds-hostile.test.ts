import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedError, type FeedErrorCode, MAX_FEED_BYTES, parseFeed } from '../../adapters/feeds/parse-feed.ts';
import type { ParsedFeed } from '../../src/domain/feed-item.ts';

/**
 * Hostile documents, generated here: each is refused or neutralised within bounded time, and
 * nothing else is disturbed (the next ordinary feed reads as usual).
 */

const URL_ = 'https://hostile.example.com/feed.xml';
const NOW = new Date('2025-01-15T12:00:00Z');

function timed<T>(fn: () => T): { result: T; ms: number } {
  const start = performance.now();
  const result = fn();
  return { result, ms: performance.now() - start };
}

function refusal(fn: () => unknown): FeedError {
  try {
    fn();
  } catch (error) {
    if (error instanceof FeedError) return error;
    throw error;
  }
  throw new Error('expected a FeedError');
}

/**
 * These bounds catch blow-ups (exponential entity expansion, quadratic scans: minutes, not
 * seconds), not speed, which bench/ measures. A shared machine runs several times slower than an
 * idle one, hence the slack.
 */
const SLACK = 5;

function expectRefused(body: Buffer | string, code: FeedErrorCode, opts: { maxMs?: number } = {}): FeedError {
  const { result: error, ms } = timed(() => refusal(() => parseFeed(body, { url: URL_, now: NOW })));
  expect(error.code).toBe(code);
  expect(error.message).toMatch(/^[A-Z].+\.$/);
  expect(ms).toBeLessThan(SLACK * (opts.maxMs ?? 1000));
  return error;
}

const rss = (items: string, head = '') =>
  `<?xml version="1.0"?>${head}<rss version="2.0"><channel><title>Hostile</title><link>https://hostile.example.com/</link>${items}</channel></rss>`;

function ordinaryFeedStillReads(): void {
  const feed = parseFeed(readFileSync(new URL('../fixtures/feeds/rss-1.0-rdf.xml', import.meta.url)), {
    url: URL_,
    now: NOW,
  });
  expect(feed.items.map((i) => i.title)).toEqual(['Mesurer avant d’optimiser', 'Les fuseaux horaires, encore']);
}

describe('entity expansion and external entities', () => {
  let server: Server;
  let dtdUrl = '';
  let hits = 0;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      hits++;
      res.end('<!ENTITY leak "LEAKED-FROM-SERVER">');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    dtdUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/evil.dtd`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('billion laughs: declared entities are never expanded', () => {
    const levels = ['<!ENTITY lol "lol">'];
    for (let i = 1; i <= 9; i++) levels.push(`<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`);
    const doc = rss(
      '<item><title>&lol9;</title><description>&lol9; &lol9;</description><link>https://hostile.example.com/&lol9;</link></item>',
      `<!DOCTYPE rss [${levels.join('\n')}]>`,
    );
    const { result, ms } = timed(() => parseFeed(doc, { url: URL_, now: NOW }));
    expect(ms).toBeLessThan(SLACK * 1000);
    const json = JSON.stringify(result);
    expect(json).not.toContain('lollol');
    expect(json.length).toBeLessThan(2000);
    expect(result.items[0]!.title).toBe('&lol9;'); // left as the literal text it is
    ordinaryFeedStillReads();
  });

  it('the same with an Atom feed and a quadratic blow-up (one huge entity used many times)', () => {
    const big = 'A'.repeat(50_000);
    const doc = `<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY a "${big}">]><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><title>${'&a;'.repeat(50_000)}</title><id>x</id></entry></feed>`;
    const { result, ms } = timed(() => parseFeed(doc, { url: URL_, now: NOW }));
    expect(ms).toBeLessThan(SLACK * 1000);
    expect(result.items[0]!.title).not.toContain('AAAA');
    expect(result.items[0]!.title.length).toBeLessThanOrEqual(300);
  });

  it('XXE: external entities are never read, local files or remote DTDs', () => {
    const passwd = readFileSync('/etc/passwd', 'utf8').split('\n')[0]!;
    const head = `<!DOCTYPE rss [
      <!ENTITY xxe SYSTEM "file:///etc/passwd">
      <!ENTITY remote SYSTEM "${dtdUrl}">
      <!ENTITY % dtd SYSTEM "${dtdUrl}"> %dtd;
    ]>`;
    const doc = rss(
      '<item><title>&xxe;</title><description>&xxe; &remote; &leak;</description><link>https://hostile.example.com/?&xxe;</link><author>&xxe;</author></item>',
      head,
    );
    const { result, ms } = timed(() => parseFeed(Buffer.from(doc), { url: URL_, now: NOW }));
    expect(ms).toBeLessThan(SLACK * 1000);
    const json = JSON.stringify(result);
    expect(json).not.toContain(passwd);
    expect(json).not.toContain('root:');
    expect(json).not.toContain('LEAKED');
    expect(hits).toBe(0);
    expect(result.items[0]!.title).toBe('&xxe;');
  });

  it('XXE through an external DTD in the DOCTYPE itself is not fetched either', () => {
    const doc = `<?xml version="1.0"?><!DOCTYPE rss SYSTEM "${dtdUrl}"><rss><channel><title>&leak;</title><item><title>ok</title></item></channel></rss>`;
    const feed = parseFeed(doc, { url: URL_, now: NOW });
    expect(feed.title).toBe('&leak;');
    expect(hits).toBe(0);
  });
});

describe('size', () => {
  it('refuses a document over the cap before parsing it', () => {
    expectRefused('<rss>'.padEnd(MAX_FEED_BYTES + 1, ' '), 'too-large', { maxMs: 100 });
    expectRefused(Buffer.alloc(MAX_FEED_BYTES + 1, 0x20), 'too-large', { maxMs: 100 });
  });

  it('refuses a gzip bomb without inflating it past the cap', () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20), { level: 1 });
    expect(bomb.length).toBeLessThan(MAX_FEED_BYTES);
    expectRefused(bomb, 'too-large', { maxMs: 1000 });
    expectRefused(Buffer.from([0x1f, 0x8b, 0x08, 0, 1, 2, 3]), 'malformed');
  });
});

describe('100,000 items', () => {
  it('keeps the first maxItems of an undated feed, quickly', () => {
    const items = Array.from({ length: 100_000 }, (_, i) => `<item><title>Item ${i}</title></item>`).join('');
    const doc = rss(items);
    expect(doc.length).toBeLessThan(MAX_FEED_BYTES);
    const { result, ms } = timed(() => parseFeed(doc, { url: URL_, now: NOW }));
    expect(ms).toBeLessThan(SLACK * 2000);
    expect(result.items).toHaveLength(500);
    expect(result.items[0]!.title).toBe('Item 0');
    expect(result.items[499]!.title).toBe('Item 499');
  });

  it('keeps the newest maxItems of a dated feed in any order, in document order', () => {
    // Dates spread over 100,000 minutes, shuffled by a fixed permutation.
    const dates = Array.from(
      { length: 100_000 },
      (_, i) => new Date(Date.UTC(2024, 0, 1) + ((i * 7919) % 100_000) * 60_000),
    );
    const items = dates.map((d, i) => `<item><title>${i}</title><pubDate>${d.toISOString()}</pubDate></item>`).join('');
    const { result, ms } = timed(() =>
      parseFeed(rss(items), { url: URL_, now: NOW, maxItems: 50, maxBytes: 16 * 1024 * 1024 }),
    );
    expect(ms).toBeLessThan(SLACK * 2000);
    expect(result.items).toHaveLength(50);
    const newest = [...dates]
      .sort((a, b) => b.getTime() - a.getTime())
      .slice(0, 50)
      .map((d) => d.getTime());
    expect(result.items.map((i) => i.publishedAt!.getTime()).sort((a, b) => b - a)).toEqual(newest);
    const order = result.items.map((i) => Number(i.title));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('bounds a JSON Feed of 100,000 items too', () => {
    const doc = JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'big',
      items: Array.from({ length: 100_000 }, (_, i) => ({ id: String(i), title: `t${i}` })),
    });
    const { result, ms } = timed(() => parseFeed(doc, { url: URL_, now: NOW }));
    expect(ms).toBeLessThan(SLACK * 2000);
    expect(result.items).toHaveLength(500);
  });
});

describe('documents that are not feeds', () => {
  it('refuses HTML pages, however large', () => {
    expectRefused(
      '<!DOCTYPE html><html><head><title>Not a feed</title></head><body><p>Move along.</p></body></html>',
      'not-a-feed',
    );
    expectRefused(
      `<!DOCTYPE html><html><body>${'<div><p>text</p></div>'.repeat(150_000)}</body></html>`,
      'not-a-feed',
      { maxMs: 200 },
    );
    expectRefused('<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body/></html>', 'not-a-feed');
  });

  it('refuses empty bodies, plain text, other XML and other JSON; says malformed for broken JSON', () => {
    expectRefused('', 'not-a-feed');
    expectRefused(Buffer.from('   \n'), 'not-a-feed');
    expectRefused('Hello, world', 'not-a-feed');
    expectRefused('<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>', 'not-a-feed');
    expectRefused('{"hello": "world"}', 'not-a-feed');
    expectRefused('{"version": "https://jsonfeed.org/version/1.1", "items": [', 'malformed');
    expectRefused('<rss version="2.0"></rss>', 'malformed');
  });
});

describe('broken bytes and structure', () => {
  it('survives invalid UTF-8 with replacement characters, and keeps the items', () => {
    const body = Buffer.concat([
      Buffer.from('<?xml version="1.0" encoding="UTF-8"?><rss><channel><title>Broken '),
      Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]),
      Buffer.from('</title><item><title>Caf'),
      Buffer.from([0xe9]),
      Buffer.from(
        ' ok</title><link>https://example.com/a</link></item><item><title>Second</title></item></channel></rss>',
      ),
    ]);
    const feed = parseFeed(body, { url: URL_, now: NOW });
    expect(feed.title).toMatch(/^Broken \uFFFD/);
    expect(feed.items.map((i) => i.title)).toEqual(['Caf\uFFFD ok', 'Second']);
    expect(feed.items[0]!.url).toBe('https://example.com/a');
  });

  it('refuses elements nested thousands deep, quickly', () => {
    const doc = rss(`<item><title>deep</title>${'<a>'.repeat(100_000)}x${'</a>'.repeat(100_000)}</item>`);
    const error = expectRefused(doc, 'malformed', { maxMs: 500 });
    expect(error.message).toMatch(/nests elements more than \d+ deep/);
    ordinaryFeedStillReads();
  });

  it('reads through escaped HTML nested 200,000 deep in a summary, quickly', () => {
    const doc = rss(`<item><title>t</title><description>${'&lt;b&gt;'.repeat(200_000)}deep</description></item>`);
    const { result, ms } = timed(() => parseFeed(doc, { url: URL_, now: NOW }));
    expect(ms).toBeLessThan(SLACK * 1000);
    expect(result.items).toHaveLength(1);
  });

  it('refuses deeply nested JSON without overflowing the stack', () => {
    const doc = `{"version":"https://jsonfeed.org/version/1.1","items":[${'['.repeat(1_000_000)}`;
    expectRefused(doc, 'malformed');
  });

  it('a truncated feed yields what it holds', () => {
    const doc = rss('<item><title>One</title></item><item><title>Two</title><link>https://example.com/2</link></item>');
    const cut = (end: string) =>
      parseFeed(doc.slice(0, doc.lastIndexOf(end)), { url: URL_, now: NOW }).items.map((i) => [i.title, i.url]);
    expect(cut('</item></channel>')).toEqual([
      ['One', null],
      ['Two', 'https://example.com/2'],
    ]);
    expect(cut('</title><link>')).toEqual([
      ['One', null],
      ['Two', null],
    ]);
  });
});

describe('markup from feeds', () => {
  it('lets no markup or script content through, in any field', () => {
    const doc = rss(`<item>
      <title>&lt;img src=x onerror=alert(1)&gt;Title &lt;script&gt;alert(2)&lt;/script&gt;</title>
      <description><![CDATA[<p onclick="x()">Hello</p><script>document.cookie</script><style>body{}</style><iframe src="https://evil.example">frame</iframe>World<script>unclosed()]]></description>
      <author>&lt;b&gt;Mallory&lt;/b&gt; &lt;mallory@example.com&gt;</author>
      <link>javascript:alert(3)</link>
    </item>`);
    const [item] = parseFeed(doc, { url: URL_, now: NOW }).items as ParsedFeed['items'];
    expect(item).toMatchObject({ title: 'Title', summary: 'Hello World', url: null });
    expect(item!.author).toBe('Mallory');
    expect(JSON.stringify(item)).not.toMatch(/alert|cookie|unclosed|onclick|<|>/);
  });
});
