import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customIds, isPrivate, reply, shown } from '../fakes/discord-calls.ts';
import { type DiscordHarness, MANAGE_GUILD, type Options, startDiscordHarness } from '../support/discord-harness.ts';

/** /veille through the real discord.js client, feeds served on this machine. */

const GUILD = '840000000000000001';
const VEILLE = '840000000000000010';
const admin = { user: { id: '840000000000000500', username: 'ada' }, permissions: MANAGE_GUILD, locale: 'en-US' };
let h: DiscordHarness;
let feeds: Server;
let base: string;

const feed = `<?xml version="1.0"?><rss version="2.0"><channel><title>Acme wire</title>
<item><title>Acme @everyone @here &lt;@123&gt; **wins** [prize](https://evil.example)</title><link>https://wire.example/1</link><description>Launch &lt;b&gt;today&lt;/b&gt;</description></item>
<item><title>Acme second story</title><link>https://wire.example/2?utm_source=x</link></item></channel></rss>`;

const veille = (sub: string, options: Options) => h.command('veille', sub, options, admin);

beforeAll(async () => {
  feeds = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feed));
  await new Promise<void>((r) => feeds.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(feeds.address() as AddressInfo).port}`;
  h = await startDiscordHarness({
    guild: { id: GUILD, name: 'Acme', channels: [{ id: VEILLE, name: 'veille' }] },
    env: { VEILLE_ALLOW_PRIVATE: '127.0.0.1' },
  });
  await h.command('relais', 'config', [{ type: 3, name: 'language', value: 'en' }], admin);
});

afterAll(async () => {
  await h?.close();
  await new Promise((r) => feeds?.close(r));
});

describe('veille on Discord', () => {
  it('follows a feed with typed options and previews the digest privately, feed text inert', async () => {
    expect(
      shown(
        await veille('add', [
          { type: 3, name: 'url', value: `${base}/wire.xml` },
          { type: 3, name: 'keywords', value: 'acme' },
        ]),
      ),
    ).toContain('Following “Acme wire” (2 items)');
    expect(shown(await veille('size', [{ type: 4, name: 'items', value: 5 }]))).toContain('up to 5 stories');
    const preview = await veille('now', []);
    expect(isPrivate(preview)).toBe(true);
    expect(reply(preview).allowed_mentions).toEqual({ parse: [] });
    const raw = JSON.stringify(reply(preview).embeds);
    expect(raw).not.toMatch(/(^|[^\\u200b])@everyone/);
    expect(raw).toContain('\\\\<@123>');
    expect(raw).toContain('\\\\*\\\\*wins\\\\*\\\\*');
    expect(shown(preview)).toContain('https://wire.example/2');
    expect(shown(preview)).not.toContain('utm_source');
    expect(customIds(reply(preview))[0]).toMatch(/^veille:draft\|\d+$/);
  });

  it('refuses a private address without an admin’s allowance', async () => {
    expect(shown(await veille('add', [{ type: 3, name: 'url', value: 'http://10.0.0.1/feed' }]))).toContain(
      'private or internal address',
    );
  });
});
