import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type ParseCliIo, runVeilleParse } from '../../../../adapters/feeds/parse-cli.ts';

/** `relais veille parse <file-or-url>`, through its entry function with captured output. */

const fixture = (name: string) => fileURLToPath(new URL(`../../../fixtures/feeds/${name}`, import.meta.url));
const SHARED_NOT_A_FEED = fileURLToPath(new URL('../../../../../shared/fixtures/feeds/notafeed.html', import.meta.url));

async function run(target: string, extra: Partial<ParseCliIo> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runVeilleParse(target, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), ...extra });
  return { code, stdout, stderr };
}

describe('veille parse', () => {
  it('prints the normalised items as a JSON array and exits 0', async () => {
    const { code, stdout, stderr } = await run(fixture('google-alerts.xml'));
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const items = JSON.parse(stdout);
    expect(items).toHaveLength(3);
    expect(items[0]).toEqual({
      title: "Les relais d'opinion et la stratégie éditoriale",
      url: 'https://www.presse-exemple.fr/medias/2025/01/14/relais-opinion?utm_source=google',
      publishedAt: '2025-01-14T07:41:10.000Z',
      summary: "Comment les relais d'opinion façonnent la ligne éditoriale des marques ...",
      author: null,
      id: 'tag:google.com,2013:googlealerts/feed:11111111111111111111',
    });
    expect(Object.keys(items[0])).toEqual(['title', 'url', 'publishedAt', 'summary', 'author', 'id']);
  });

  it('prints null for unknown dates', async () => {
    const { code, stdout } = await run(fixture('dates-missing-and-garbage.xml'));
    expect(code).toBe(0);
    expect(JSON.parse(stdout)[0]).toMatchObject({ title: 'No date at all', publishedAt: null });
  });

  it.skipIf(!existsSync(SHARED_NOT_A_FEED))(
    'exits 1 with a clear message on an HTML page (shared notafeed.html)',
    async () => {
      const { code, stdout, stderr } = await run(SHARED_NOT_A_FEED);
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toMatch(
        /^veille parse: .*notafeed\.html: The document is <html>, not RSS, Atom or JSON Feed\. \(not-a-feed\)\n$/,
      );
    },
  );

  it('exits 1 on documents it cannot read, naming why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relais-veille-parse-'));
    const page = join(dir, 'page.html');
    writeFileSync(page, '<!DOCTYPE html><html><body>Hello</body></html>');
    expect(await run(page)).toMatchObject({ code: 1, stdout: '', stderr: expect.stringContaining('(not-a-feed)') });
    const big = join(dir, 'big.xml');
    writeFileSync(big, Buffer.alloc(6 * 1024 * 1024, 0x20));
    expect(await run(big)).toMatchObject({ code: 1, stderr: expect.stringContaining('(too-large)') });
  });

  it('exits 2 on a missing file or a directory', async () => {
    expect(await run('/nonexistent/feed.xml')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'veille parse: no such file: /nonexistent/feed.xml\n',
    });
    expect((await run(tmpdir())).code).toBe(2);
    expect((await run('')).code).toBe(2);
  });

  it('refuses URLs without a fetcher, and other schemes always', async () => {
    const noFetch = await run('https://example.com/feed.xml');
    expect(noFetch.code).toBe(2);
    expect(noFetch.stderr).toMatch(/cannot fetch https:\/\/example\.com\/feed\.xml here/);
    expect((await run('ftp://example.com/feed.xml')).code).toBe(2);
  });

  it('reads a URL through the fetcher it is given, with its content type and as the base for links', async () => {
    const body = Buffer.from(
      '<rss><channel><title>T</title><item><title>Relative</title><link>/a/b</link></item></channel></rss>',
    );
    const fetched: string[] = [];
    const { code, stdout } = await run('https://news.example.org/feed', {
      fetchUrl: async (url) => {
        fetched.push(url);
        return { body, contentType: 'application/rss+xml; charset=utf-8' };
      },
    });
    expect(code).toBe(0);
    expect(fetched).toEqual(['https://news.example.org/feed']);
    expect(JSON.parse(stdout)[0]).toMatchObject({ title: 'Relative', url: 'https://news.example.org/a/b' });
    const failing = await run('https://down.example.org/feed', {
      fetchUrl: async () => Promise.reject(new Error('connect ECONNREFUSED')),
    });
    expect(failing).toMatchObject({ code: 1, stderr: expect.stringContaining('ECONNREFUSED') });
  });
});
