import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../db/client.ts';
import { loadConfig } from '../../src/config.ts';
import { type RunningRelais, registerDiscord, startRelais } from '../../src/main.ts';
import { type DiscordFake, startDiscordFake } from '../fakes/discord-fake.ts';
import { chatInput } from '../fakes/discord-interactions.ts';

/** /stats on Discord: typed options, a private embed whose groups read in order, bad input explained. */

const GUILD = '820000000000000001';
const GENERAL = '820000000000000010';
const EPHEMERAL = 1 << 6;

let fake: DiscordFake;
let database: Database;
let relais: RunningRelais;

beforeAll(async () => {
  fake = await startDiscordFake({
    guilds: [{ id: GUILD, name: 'Acme', channels: [{ id: GENERAL, name: 'general' }] }],
  });
  database = await openDatabase({ kind: 'pglite-memory' });
  const config = loadConfig({
    PORT: '0',
    LOG_LEVEL: 'silent',
    DISCORD_TOKEN: 'discord-test-token',
    DISCORD_APPLICATION_ID: fake.applicationId,
    DISCORD_API_URL: fake.apiUrl,
  });
  relais = await startRelais(config, { database });
  await registerDiscord(config);
});

afterAll(async () => {
  await relais?.close();
  await database?.close();
  await fake?.close();
});

const member = { user: { id: '820000000000000501', username: 'max' }, permissions: 0n, locale: 'en-US' };

// Payloads and recorded bodies are read loosely here: the assertions say what matters.
async function stats(sub: string, options: object[] = []): Promise<{ body: any }> {
  const payload = chatInput({
    name: 'stats',
    options: [{ type: 1, name: sub, options } as any],
    guildId: GUILD,
    channelId: GENERAL,
    ...member,
  });
  fake.dispatchInteraction(payload);
  return (await fake.waitForCall((c) => c.method === 'POST' && c.path.startsWith(`/interactions/${payload.id}/`))) as {
    body: any;
  };
}

describe('/stats on Discord (real discord.js, local fake)', () => {
  it('is registered with its subcommands and typed options', () => {
    const json: any = fake.commands.find((c) => c.name === 'stats');
    expect(json.options.map((o: { name: string }) => o.name)).toEqual([
      'week',
      'month',
      'quarter',
      'export',
      'insights',
    ]);
    expect(json.options[0].options[0]).toMatchObject({ name: 'campaign', type: 3 });
  });

  it('answers privately with one embed whose groups keep their figures under them', async () => {
    const call = await stats('week', [{ type: 3, name: 'campaign', value: '#launch' }]);
    expect(call.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    const [embed] = call.body.data.embeds;
    expect(embed.title).toMatch(/^Figures — week \d+, 20\d\d/);
    expect(embed.footer.text).toContain('campaign #launch only');
    // Markdown with the text's own parentheses escaped; each group's title, then its figures.
    expect(embed.description).toMatch(
      /^\*\*Drafts\*\*\n\*\*Submitted:\*\* 0 \\\(before: 0, ±0\\\)\n[\s\S]*\*\*Stuck now\*\*\n[\s\S]*\*\*Veille\*\*\n[\s\S]*\*\*Ambassadors\*\*\n[\s\S]*\*\*Top five\*\*/,
    );
    expect(call.body.data.allowed_mentions).toEqual({ parse: [] });
  });

  it('explains a bad campaign or month privately', async () => {
    const campaign = await stats('month', [{ type: 3, name: 'campaign', value: 'launch' }]);
    expect(campaign.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(JSON.stringify(campaign.body.data)).toContain('a campaign tag such as #launch');
    const month = await stats('export', [{ type: 3, name: 'month', value: 'march' }]);
    expect(JSON.stringify(month.body.data)).toContain('a month as YYYY-MM');
  });
});
