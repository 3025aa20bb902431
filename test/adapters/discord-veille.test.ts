import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customIds, isPrivate, modal, modalInputs, reply, shown } from '../fakes/discord-calls.ts';
import { component } from '../fakes/discord-interactions.ts';
import { type DiscordHarness, MANAGE_GUILD, type Options, startDiscordHarness } from '../support/discord-harness.ts';

/** /veille through the real discord.js client, feeds served on this machine. */

const GUILD = '840000000000000001';
const VEILLE = '840000000000000010';
const admin = { user: { id: '840000000000000500', username: 'ada' }, permissions: MANAGE_GUILD, locale: 'en-US' };
let h: DiscordHarness;
let feeds: Server;
let base: string;

const tenStories = `<?xml version="1.0"?><rss version="2.0"><channel><title>Acme daily</title>${Array.from(
  { length: 10 },
  (_, i) =>
    `<item><title>Acme story number ${i + 1} of the day</title><link>https://daily.example/${i + 1}</link></item>`,
).join('')}</channel></rss>`;

const feed = `<?xml version="1.0"?><rss version="2.0"><channel><title>Acme wire</title>
<item><title>Acme @everyone @here &lt;@123&gt; **wins** [prize](https://evil.example)</title><link>https://wire.example/1</link><description>Launch &lt;b&gt;today&lt;/b&gt;</description></item>
<item><title>Acme second story</title><link>https://wire.example/2?utm_source=x</link></item></channel></rss>`;

const veille = (sub: string, options: Options) => h.command('veille', sub, options, admin);

beforeAll(async () => {
  feeds = createServer((req, res) =>
    res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(req.url === '/daily.xml' ? tenStories : feed),
  );
  await new Promise<void>((r) => feeds.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(feeds.address() as AddressInfo).port}`;
  h = await startDiscordHarness({
    guild: {
      id: GUILD,
      name: 'Acme',
      channels: [
        { id: VEILLE, name: 'veille' },
        { id: '840000000000000020', name: 'daily' },
      ],
    },
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
    expect(shown(await veille('size', [{ type: 4, name: 'stories', value: 5 }]))).toContain('up to 5 stories');
    const preview = await veille('now', []);
    expect(isPrivate(preview)).toBe(true);
    expect(reply(preview).allowed_mentions).toEqual({ parse: [] });
    const raw = JSON.stringify(reply(preview).embeds);
    expect(raw).not.toMatch(/(^|[^\\u200b])@everyone/);
    expect(raw).toContain('\\\\<@123>');
    expect(raw).toContain('\\\\*\\\\*wins\\\\*\\\\*');
    expect(shown(preview)).toContain('https://wire.example/2');
    expect(shown(preview)).not.toContain('utm_source');
    // Draft a post for each story: one menu naming them (Discord shows five rows at most).
    expect(customIds(reply(preview))).toEqual(['veille:draft|0']);
    expect(JSON.stringify(reply(preview).components)).toMatch(/"label":"1\. Acme .*"value":"\d+".*"label":"2\. Acme/);
  });

  it('refuses a private address without an admin’s allowance', async () => {
    expect(shown(await veille('add', [{ type: 3, name: 'url', value: 'http://10.0.0.1/feed' }]))).toContain(
      'private or internal address',
    );
  });

  it('lets every story of a 10-story digest become a draft, each named by its title', async () => {
    const DAILY = '840000000000000020';
    const inDaily = (sub: string, options: Options) => h.command('veille', sub, options, admin, { channelId: DAILY });
    expect(shown(await inDaily('add', [{ type: 3, name: 'url', value: `${base}/daily.xml` }]))).toContain(
      'Following “Acme daily” (10 items)',
    );
    await inDaily('size', [{ type: 4, name: 'stories', value: 10 }]);
    const preview = await inDaily('now', []);
    const select = (reply(preview).components ?? [])
      .flatMap((row) => (row.type === 1 ? row.components : []))
      .find((c) => c.type === 3);
    if (select?.type !== 3) throw new Error(`no select menu in the digest: ${shown(preview)}`);
    const titles = Array.from({ length: 10 }, (_, i) => `Acme story number ${i + 1} of the day`);
    expect(select.options.map((o) => o.label.replace(/^\d+\. /, ''))).toEqual(expect.arrayContaining(titles));
    expect(select.options).toHaveLength(10);
    expect(new Set(select.options.map((o) => o.value)).size).toBe(10);

    // Picking the tenth story opens the draft form with that story in it.
    const tenth = select.options.find((o) => o.label.endsWith('number 10 of the day'));
    const message = { id: '840000000000000777', channel_id: DAILY, components: reply(preview).components };
    const picked = await h.interact(
      component({
        customId: select.custom_id,
        componentType: 3,
        values: [tenth?.value ?? ''],
        message,
        guildId: GUILD,
        channelId: DAILY,
        ...admin,
      }),
    );
    const inputs = modalInputs(modal(picked));
    expect(inputs.find((i) => i.custom_id === 'text')?.value).toBe('Acme story number 10 of the day');
    expect(inputs.find((i) => i.custom_id === 'links')?.value).toBe('https://daily.example/10');
  });
});
