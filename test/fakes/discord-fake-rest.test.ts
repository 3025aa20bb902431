import { ChannelType, type Client, type TextChannel } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageOf, sent } from './discord-calls.ts';
import type { DiscordFake } from './discord-fake.ts';
import {
  expectApiError,
  GENERAL_ID,
  GUILD_ID,
  onNextInteraction,
  startFakeAndClient,
  USER,
} from './discord-fake-client.ts';
import { chatInput } from './discord-interactions.ts';

/** The fake's REST side (messages, threads, files, DMs, commands, rate limits), driven by the real discord.js Client. */

let fake: DiscordFake;
let client: Client;

beforeAll(async () => {
  ({ fake, client } = await startFakeAndClient());
});

afterAll(async () => {
  await client?.destroy();
  await fake?.close();
});

describe('discord fake driven by the real discord.js Client: REST', () => {
  it('channel.send -> POST /channels/:id/messages; message.startThread works', async () => {
    const channel = client.channels.cache.get(GENERAL_ID) as TextChannel;
    const message = await channel.send({ content: 'Weekly digest', allowedMentions: { parse: [] } });
    const post = await fake.waitForCall((c) => c.method === 'POST' && c.path === `/channels/${GENERAL_ID}/messages`);
    expect(post.body).toMatchObject({ content: 'Weekly digest', allowed_mentions: { parse: [] } });
    expect(message.id).toBe(messageOf(post).id);
    expect(message.author.id).toBe(fake.botUser.id);
    expect(message.author.bot).toBe(true);
    expect(message.channelId).toBe(GENERAL_ID);
    expect(message.createdTimestamp).toBeGreaterThan(0);

    const edited = await message.edit('Weekly digest (v2)');
    expect(edited.content).toBe('Weekly digest (v2)');
    expect(edited.editedTimestamp).not.toBeNull();

    const thread = await message.startThread({ name: 'Discussion' });
    expect(thread.id).toBe(message.id); // Discord: a thread started from a message shares its id
    expect(thread.type).toBe(ChannelType.PublicThread);
    expect(thread.parentId).toBe(GENERAL_ID);
    expect(thread.name).toBe('Discussion');
    const call = await fake.waitForCall((c) => c.path === `/channels/${GENERAL_ID}/messages/${message.id}/threads`);
    expect(call.body).toMatchObject({ name: 'Discussion', type: 11 });
    const inThread = await thread.send('first reply');
    expect(inThread.channelId).toBe(thread.id);

    // multipart/form-data with payload_json + files[n]
    const withFile = await channel.send({
      content: 'report',
      files: [{ attachment: Buffer.from('a,b\n1,2\n'), name: 'report.csv' }],
    });
    const multipart = fake.calls.at(-1);
    if (!multipart) throw new Error('no call recorded');
    expect(multipart.headers['content-type']).toMatch(/^multipart\/form-data/);
    expect(sent(multipart).content).toBe('report');
    expect(multipart.files.map((f) => [f.filename, f.size])).toEqual([['report.csv', 8]]);
    const attachment = withFile.attachments.first();
    expect(attachment?.name).toBe('report.csv');
    expect(await (await fetch(attachment?.url ?? '')).text()).toBe('a,b\n1,2\n');

    const dm = await client.users.createDM(USER.id);
    expect(dm.type).toBe(ChannelType.DM);
    const dmMessage = await dm.send('psst');
    expect(dmMessage.channelId).toBe(dm.id);
  });

  it('application commands: set() then fetch() round-trip; invalid names get 50035', async () => {
    const app = client.application;
    if (!app) throw new Error('the client has no application');
    const set = await app.commands.set([
      { name: 'relais', description: 'Relais desk', options: [{ type: 1, name: 'config', description: 'Configure' }] },
      { name: 'digest', description: 'Post the digest now' },
    ]);
    expect(set.size).toBe(2);
    expect(fake.commands.map((c) => c.name)).toEqual(['relais', 'digest']);
    const put = await fake.waitForCall(
      (c) => c.method === 'PUT' && c.path === `/applications/${fake.applicationId}/commands`,
    );
    expect(put.body).toHaveLength(2);

    const fetched = await app.commands.fetch();
    expect([...fetched.keys()].sort()).toEqual(fake.commands.map((c) => c.id).sort());
    expect(fetched.find((c) => c.name === 'relais')?.options[0]?.name).toBe('config');

    const guild = client.guilds.cache.get(GUILD_ID);
    if (!guild) throw new Error('the guild is not cached');
    await guild.commands.set([{ name: 'desk', description: 'Desk tools' }]);
    expect(fake.guildCommands[GUILD_ID]?.map((c) => c.name)).toEqual(['desk']);
    expect((await guild.commands.fetch()).first()?.name).toBe('desk');

    // an interaction for a registered command carries that command's id
    const payload = chatInput({ name: 'digest', guildId: GUILD_ID, channelId: GENERAL_ID });
    const commandId = onNextInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) throw new Error('expected a command');
      await i.reply({ content: 'ok' });
      return i.commandId;
    });
    fake.dispatchInteraction(payload);
    expect(await commandId).toBe(fake.commands.find((c) => c.name === 'digest')?.id);

    const err = await expectApiError(app.commands.set([{ name: 'Bad Name', description: 'x' }]), 400, 50035);
    expect(err.rawError).toMatchObject({
      errors: { '0': { name: { _errors: [{ code: 'APPLICATION_COMMAND_INVALID_NAME' }] } } },
    });
  });

  it('failNext 429: discord.js waits Retry-After and retries; 50007 surfaces as DiscordAPIError', async () => {
    const channel = client.channels.cache.get(GENERAL_ID) as TextChannel;
    const before = fake.calls.length;
    fake.failNext(
      /^POST \/channels\/\d+\/messages$/,
      429,
      { message: 'You are being rate limited.', retry_after: 0.05, global: false },
      { 'Retry-After': '0.05' },
    );
    const started = Date.now();
    const message = await channel.send('after the rate limit');
    expect(message.content).toBe('after the rate limit');
    expect(Date.now() - started).toBeGreaterThanOrEqual(50);
    const attempts = fake.calls.slice(before).filter((c) => c.path === `/channels/${GENERAL_ID}/messages`);
    expect(attempts.map((c) => c.status)).toEqual([429, 200]);

    fake.failNext(/\/channels\/\d+\/messages$/, 403, { message: 'Cannot send messages to this user', code: 50007 });
    await expectApiError(channel.send('nope'), 403, 50007);
  });
});
