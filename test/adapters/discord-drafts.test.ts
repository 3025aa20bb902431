import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../db/client.ts';
import { loadConfig } from '../../src/config.ts';
import { type RunningRelais, startRelais } from '../../src/main.ts';
import { type DiscordFake, type RecordedCall, startDiscordFake } from '../fakes/discord-fake.ts';
import { chatInput, component, modalSubmit } from '../fakes/discord-interactions.ts';

/** From /draft to approved to published, through the real discord.js client and a fake Discord. */

const GUILD = '820000000000000001';
const GENERAL = '820000000000000010';
const REVIEW = '820000000000000011';
const EPHEMERAL = 1 << 6;
const admin = { user: { id: '820000000000000500', username: 'ada' }, permissions: 1n << 5n, locale: 'en-US' };
const author = { user: { id: '820000000000000501', username: 'chloe' }, permissions: 0n, locale: 'en-US' };
const reviewer = { user: { id: '820000000000000502', username: 'rita' }, permissions: 0n, locale: 'en-US' };

let fake: DiscordFake;
let database: Database;
let relais: RunningRelais;

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
        roles: [{ id: '820000000000000900', name: 'comms' }],
      },
    ],
  });
  database = await openDatabase({ kind: 'pglite-memory' });
  relais = await startRelais(
    loadConfig({
      PORT: '0',
      LOG_LEVEL: 'silent',
      DISCORD_TOKEN: 'discord-drafts',
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_API_URL: fake.apiUrl,
    }),
    { database, scheduler: false },
  );
  const setup = await interact(
    chatInput({
      name: 'relais',
      options: [
        {
          type: 1,
          name: 'config',
          options: [
            { type: 7, name: 'review-channel', value: REVIEW },
            { type: 3, name: 'reviewers', value: `<@${reviewer.user.id}>` },
            { type: 3, name: 'language', value: 'en' },
          ],
        },
      ],
      guildId: GUILD,
      channelId: GENERAL,
      ...admin,
    }),
  );
  expect(JSON.stringify(setup.body)).toContain('Saved');
});

afterAll(async () => {
  await relais?.close();
  await database?.close();
  await fake?.close();
});

async function interact(payload: any): Promise<RecordedCall> {
  fake.dispatchInteraction(payload);
  return fake.waitForCall((c) => c.method === 'POST' && c.path.startsWith(`/interactions/${payload.id}/`));
}

const draftCmd = (sub: string, options: any[], who: object) =>
  chatInput({ name: 'draft', options: [{ type: 1, name: sub, options }], guildId: GUILD, channelId: GENERAL, ...who });
const buttons = (message: any): string[] =>
  (message.components ?? []).flatMap((row: any) => row.components.map((c: any) => c.custom_id));
// Discord hides markdown escapes when it renders: compare on what people see.
const text = (call: RecordedCall) => JSON.stringify(call.body).replace(/\\\\(.)/g, '$1');

describe('drafts on Discord', () => {
  let card: any;

  it('opens the draft form with /draft new and no text', async () => {
    const call = await interact(draftCmd('new', [], author));
    expect(call.body.type).toBe(9);
    expect(call.body.data.components.map((r: any) => r.components[0].custom_id)).toEqual([
      'text',
      'networks',
      'planned',
      'links',
      'note',
    ]);
  });

  it('submits from the form and posts the review card in the review channel', async () => {
    const submit = await interact(
      modalSubmit({
        customId: 'draft:new|',
        fields: {
          text: 'Spring launch @everyone! #acme',
          networks: 'linkedin, mastodon',
          planned: '',
          links: 'https://acme.example/spring',
          note: '#spring please check the date',
        },
        guildId: GUILD,
        channelId: GENERAL,
        ...author,
      }),
    );
    expect(submit.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(text(submit)).toContain('D-1 is submitted');
    await relais.flushOutbox();
    const post = await fake.waitForCall((c) => c.method === 'POST' && c.path === `/channels/${REVIEW}/messages`);
    expect(post.body.allowed_mentions).toEqual({ parse: [] });
    expect(JSON.stringify(post.body.embeds)).not.toContain('@everyone');
    expect(JSON.stringify(post.body.embeds)).toContain('Spring launch');
    card = post.response;
    expect(buttons(card).map((b) => b.split('|')[0])).toEqual([
      'draft:approve',
      'draft:changes',
      'draft:reject',
      'draft:edit',
    ]);
  });

  it('refuses the author’s own approval and approves for the reviewer, then threads and notifies', async () => {
    const approve = buttons(card)[0]!;
    const own = await interact(
      component({ customId: approve, message: card, guildId: GUILD, channelId: REVIEW, ...author }),
    );
    expect(text(own)).toContain('cannot review your own draft');
    const ok = await interact(
      component({ customId: approve, message: card, guildId: GUILD, channelId: REVIEW, ...reviewer }),
    );
    expect(ok.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(text(ok)).toContain('You approved D-1');
    await relais.flushOutbox();
    await fake.waitForCall(
      (c) =>
        c.method === 'PATCH' &&
        c.path === `/channels/${REVIEW}/messages/${card.id}` &&
        JSON.stringify(c.body).includes('approved, waiting'),
    );
    await fake.waitForCall(
      (c) =>
        c.method === 'POST' && c.path === `/channels/${REVIEW}/messages/${card.id}/threads` && c.body.name === 'D-1',
    );
    await fake.waitForCall(
      (c) =>
        c.method === 'POST' &&
        c.path === `/channels/${card.id}/messages` &&
        JSON.stringify(c.body).includes('approved revision 1'),
    );
    await fake.waitForCall(
      (c) => c.method === 'POST' && c.path === '/users/@me/channels' && c.body.recipient_id === author.user.id,
    );
  });

  it('marks it published with the live URL', async () => {
    const patched = fake.calls
      .filter((c) => c.method === 'PATCH' && c.path === `/channels/${REVIEW}/messages/${card.id}`)
      .at(-1)!;
    const publish = buttons(patched.body).find((b) => b.startsWith('draft:publish'))!;
    const modal = await interact(
      component({ customId: publish, message: patched.response, guildId: GUILD, channelId: REVIEW, ...author }),
    );
    expect(modal.body.type).toBe(9);
    const done = await interact(
      modalSubmit({
        customId: modal.body.data.custom_id,
        fields: { urls: 'https://mastodon.social/@acme/1' },
        guildId: GUILD,
        channelId: REVIEW,
        ...author,
      }),
    );
    expect(text(done)).toContain('D-1 is marked as published');
    const ws = await relais.deps.store.ensureWorkspace({ platform: 'discord', externalId: GUILD });
    expect(await relais.deps.store.drafts.byNumber(ws.id, 1)).toMatchObject({
      state: 'published',
      publishedUrls: ['https://mastodon.social/@acme/1'],
    });
  });

  it('answers a malformed button or form privately and changes nothing', async () => {
    const forged = await interact(
      component({ customId: 'draft:approve|garbage', message: card, guildId: GUILD, channelId: REVIEW, ...reviewer }),
    );
    expect(text(forged)).toContain('no longer valid');
    const bad = await interact(
      modalSubmit({
        customId: 'draft:new|',
        fields: { text: 'Hi', networks: 'myspace', planned: '', links: '', note: '' },
        guildId: GUILD,
        channelId: GENERAL,
        ...author,
      }),
    );
    expect(bad.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(text(bad)).toContain('myspace');
    const empty = await interact(
      modalSubmit({
        customId: 'draft:new|',
        fields: { text: '   ', networks: '', planned: '', links: '', note: '' },
        guildId: GUILD,
        channelId: GENERAL,
        ...author,
      }),
    );
    expect(text(empty)).toContain('The draft text is empty');
    const past = await interact(
      modalSubmit({
        customId: 'draft:new|',
        fields: { text: 'Hi', networks: '', planned: '2020-01-01 10:00', links: '', note: '' },
        guildId: GUILD,
        channelId: GENERAL,
        ...author,
      }),
    );
    expect(text(past)).toContain('in the past');
    const ws = await relais.deps.store.ensureWorkspace({ platform: 'discord', externalId: GUILD });
    expect(await relais.deps.store.drafts.byNumber(ws.id, 2)).toBeNull();
  });

  it('lets members of the reviewer role review, and no one else', async () => {
    const ROLE = '820000000000000900';
    await interact(
      chatInput({
        name: 'relais',
        options: [
          {
            type: 1,
            name: 'config',
            options: [
              { type: 3, name: 'reviewers', value: 'none' },
              { type: 3, name: 'reviewer-group', value: `<@&${ROLE}>` },
            ],
          },
        ],
        guildId: GUILD,
        channelId: GENERAL,
        ...admin,
      }),
    );
    const submitted = await interact(
      draftCmd('new', [{ type: 3, name: 'text', value: 'Role-reviewed post #acme' }], author),
    );
    expect(text(submitted)).toContain('D-2 is submitted');
    await relais.flushOutbox();
    const post = await fake.waitForCall(
      (c) =>
        c.method === 'POST' &&
        c.path === `/channels/${REVIEW}/messages` &&
        JSON.stringify(c.body).includes('Role-reviewed'),
    );
    const approve = buttons(post.response)[0]!;
    const outsider = await interact(
      component({ customId: approve, message: post.response, guildId: GUILD, channelId: REVIEW, ...reviewer }),
    );
    expect(text(outsider)).toContain('not a reviewer');
    const member = await interact(
      component({
        customId: approve,
        message: post.response,
        guildId: GUILD,
        channelId: REVIEW,
        ...reviewer,
        user: { id: '820000000000000503', username: 'remy' },
        roles: [ROLE],
      }),
    );
    expect(text(member)).toContain('You approved D-2');
  });
});
