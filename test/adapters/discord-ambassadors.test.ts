import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../db/client.ts';
import { loadConfig } from '../../src/config.ts';
import { type RunningRelais, startRelais } from '../../src/main.ts';
import { type DiscordFake, type RecordedCall, startDiscordFake } from '../fakes/discord-fake.ts';
import { chatInput, component, modalSubmit } from '../fakes/discord-interactions.ts';

/** Ambassadors through the real discord.js client: join, a post goes live, the DM prompt with a nonce. */

const GUILD = '830000000000000001';
const GENERAL = '830000000000000010';
const REVIEW = '830000000000000011';
const admin = { user: { id: '830000000000000500', username: 'ada' }, permissions: 1n << 5n, locale: 'en-US' };
const author = { user: { id: '830000000000000501', username: 'chloe' }, permissions: 0n, locale: 'en-US' };
const reviewer = { user: { id: '830000000000000502', username: 'rita' }, permissions: 0n, locale: 'en-US' };
const amy = { user: { id: '830000000000000503', username: 'amy' }, permissions: 0n, locale: 'en-US' };
const ben = { user: { id: '830000000000000504', username: 'ben' }, permissions: 0n, locale: 'en-US' };

let fake: DiscordFake;
let database: Database;
let relais: RunningRelais;

async function interact(payload: any): Promise<RecordedCall> {
  fake.dispatchInteraction(payload);
  return fake.waitForCall((c) => c.method === 'POST' && c.path.startsWith(`/interactions/${payload.id}/`));
}
const cmd = (name: string, sub: string, options: any[], who: object) =>
  chatInput({ name, options: [{ type: 1, name: sub, options }], guildId: GUILD, channelId: GENERAL, ...who });
const text = (call: RecordedCall) => JSON.stringify(call.body).replace(/\\\\(.)/g, '$1');

beforeAll(async () => {
  fake = await startDiscordFake({
    guilds: [
      {
        id: GUILD,
        name: 'Acme',
        channels: [
          { id: GENERAL, name: 'general' },
          { id: REVIEW, name: 'review' },
        ],
      },
    ],
  });
  database = await openDatabase({ kind: 'pglite-memory' });
  relais = await startRelais(
    loadConfig({
      PORT: '0',
      LOG_LEVEL: 'silent',
      DISCORD_TOKEN: 'discord-amb',
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_API_URL: fake.apiUrl,
    }),
    { database, scheduler: false },
  );
  await interact(
    cmd(
      'relais',
      'config',
      [
        { type: 7, name: 'review-channel', value: REVIEW },
        { type: 3, name: 'reviewers', value: `<@${reviewer.user.id}>` },
        { type: 3, name: 'language', value: 'en' },
      ],
      admin,
    ),
  );
  for (const who of [amy, ben]) {
    expect(
      text(await interact(cmd('ambassador', 'join', [{ type: 3, name: 'networks', value: 'linkedin' }], who))),
    ).toContain('You are an ambassador');
    await interact(cmd('ambassador', 'hours', [{ type: 3, name: 'hours', value: '00:00-24:00 mon-sun UTC' }], who));
  }
});

afterAll(async () => {
  await relais?.close();
  await database?.close();
  await fake?.close();
});

describe('ambassadors on Discord', () => {
  it('sends each ambassador one direct prompt with a nonce Discord enforces, and only its recipient can answer it', async () => {
    expect(
      text(await interact(cmd('draft', 'new', [{ type: 3, name: 'text', value: 'Big news today #acme' }], author))),
    ).toContain('D-1 is submitted');
    await relais.flushOutbox();
    const card = (await fake.waitForCall((c) => c.method === 'POST' && c.path === `/channels/${REVIEW}/messages`))
      .response;
    const approve = card.components[0].components[0].custom_id as string;
    await interact(component({ customId: approve, message: card, guildId: GUILD, channelId: REVIEW, ...reviewer }));
    const draftId = approve.split('|')[1]!.split(':')[0];
    await interact(
      modalSubmit({
        customId: `draft:publish|${draftId}:1`,
        fields: { urls: 'https://www.linkedin.com/feed/update/9' },
        guildId: GUILD,
        channelId: REVIEW,
        ...author,
      }),
    );
    await relais.flushOutbox();

    const dms = fake.calls
      .filter((c) => c.method === 'POST' && c.path === '/users/@me/channels')
      .map((c) => c.body.recipient_id);
    expect(dms).toEqual(expect.arrayContaining([amy.user.id, ben.user.id]));
    const prompts = fake.calls.filter(
      (c) =>
        c.method === 'POST' &&
        /^\/channels\/\d+\/messages$/.test(c.path) &&
        JSON.stringify(c.body).includes('A post is live'),
    );
    expect(prompts).toHaveLength(2);
    for (const p of prompts)
      expect(p.body).toMatchObject({
        nonce: expect.stringMatching(/^p\d+$/),
        enforce_nonce: true,
        allowed_mentions: { parse: [] },
      });

    // Which DM channel is Amy's: the one Discord opened for her.
    const amyChannel = fake.calls.find((c) => c.path === '/users/@me/channels' && c.body.recipient_id === amy.user.id)!
      .response.id;
    const amyPrompt = prompts.find((p) => p.response.channel_id === amyChannel)!;
    const shared = amyPrompt.response.components[0].components[0].custom_id as string;
    // Buttons in a direct message arrive without a server.
    expect(
      text(await interact(component({ customId: shared, message: amyPrompt.response, channelId: amyChannel, ...ben }))),
    ).toContain('was for someone else');
    expect(
      text(await interact(component({ customId: shared, message: amyPrompt.response, channelId: amyChannel, ...amy }))),
    ).toContain('Thank you');
    // A slash command in a direct message is still refused.
    const dmCommand = chatInput({
      name: 'ambassador',
      options: [{ type: 1, name: 'stats' }],
      channelId: amyChannel,
      ...amy,
    });
    expect(text(await interact(dmCommand))).toContain('inside a workspace');
  });
});
