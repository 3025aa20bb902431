import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../db/client.ts';
import { loadConfig } from '../../src/config.ts';
import { type RunningRelais, startRelais } from '../../src/main.ts';
import { type DiscordFake, type RecordedCall, startDiscordFake } from '../fakes/discord-fake.ts';
import { chatInput } from '../fakes/discord-interactions.ts';

/** /veille through the real discord.js client, feeds served on this machine. */

const GUILD = '840000000000000001';
const VEILLE = '840000000000000010';
const admin = { user: { id: '840000000000000500', username: 'ada' }, permissions: 1n << 5n, locale: 'en-US' };
let fake: DiscordFake;
let database: Database;
let relais: RunningRelais;
let feeds: Server;
let base: string;

const feed = `<?xml version="1.0"?><rss version="2.0"><channel><title>Acme wire</title>
<item><title>Acme @everyone @here &lt;@123&gt; **wins** [prize](https://evil.example)</title><link>https://wire.example/1</link><description>Launch &lt;b&gt;today&lt;/b&gt;</description></item>
<item><title>Acme second story</title><link>https://wire.example/2?utm_source=x</link></item></channel></rss>`;

async function interact(payload: any): Promise<RecordedCall> {
  fake.dispatchInteraction(payload);
  return fake.waitForCall((c) => c.method === 'POST' && c.path.startsWith(`/interactions/${payload.id}/`));
}
const veille = (sub: string, options: any[]) =>
  interact(
    chatInput({
      name: 'veille',
      options: [{ type: 1, name: sub, options }],
      guildId: GUILD,
      channelId: VEILLE,
      ...admin,
    }),
  );
const text = (call: RecordedCall) => JSON.stringify(call.body).replace(/\\\\(.)/g, '$1');

beforeAll(async () => {
  feeds = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feed));
  await new Promise<void>((r) => feeds.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(feeds.address() as AddressInfo).port}`;
  fake = await startDiscordFake({ guilds: [{ id: GUILD, name: 'Acme', channels: [{ id: VEILLE, name: 'veille' }] }] });
  database = await openDatabase({ kind: 'pglite-memory' });
  relais = await startRelais(
    loadConfig({
      PORT: '0',
      LOG_LEVEL: 'silent',
      DISCORD_TOKEN: 'discord-veille',
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_API_URL: fake.apiUrl,
      VEILLE_ALLOW_PRIVATE: '127.0.0.1',
    }),
    { database, scheduler: false },
  );
  await interact(
    chatInput({
      name: 'relais',
      options: [{ type: 1, name: 'config', options: [{ type: 3, name: 'language', value: 'en' }] }],
      guildId: GUILD,
      channelId: VEILLE,
      ...admin,
    }),
  );
});

afterAll(async () => {
  await relais?.close();
  await database?.close();
  await fake?.close();
  await new Promise((r) => feeds?.close(r));
});

describe('veille on Discord', () => {
  it('follows a feed with typed options and previews the digest privately, feed text inert', async () => {
    expect(
      text(
        await veille('add', [
          { type: 3, name: 'url', value: `${base}/wire.xml` },
          { type: 3, name: 'keywords', value: 'acme' },
        ]),
      ),
    ).toContain('Following “Acme wire” (2 items)');
    expect(text(await veille('size', [{ type: 4, name: 'items', value: 5 }]))).toContain('up to 5 stories');
    const preview = await veille('now', []);
    expect(preview.body.data.flags & 64).toBe(64);
    expect(preview.body.data.allowed_mentions).toEqual({ parse: [] });
    const raw = JSON.stringify(preview.body.data.embeds);
    expect(raw).not.toMatch(/(^|[^\\u200b])@everyone/);
    expect(raw).toContain('\\\\<@123>');
    expect(raw).toContain('\\\\*\\\\*wins\\\\*\\\\*');
    expect(text(preview)).toContain('https://wire.example/2');
    expect(text(preview)).not.toContain('utm_source');
    const buttons = preview.body.data.components.flatMap((r: any) => r.components.map((c: any) => c.custom_id));
    expect(buttons[0]).toMatch(/^veille:draft\|\d+$/);
  });

  it('refuses a private address without an admin’s allowance', async () => {
    expect(text(await veille('add', [{ type: 3, name: 'url', value: 'http://10.0.0.1/feed' }]))).toContain(
      'private or internal address',
    );
  });
});
