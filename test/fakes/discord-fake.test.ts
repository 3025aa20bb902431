import { once } from 'node:events';
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  ChannelType,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  type Interaction,
  MessageFlags,
  ModalBuilder,
  PermissionFlagsBits,
  type TextChannel,
  TextInputBuilder,
  TextInputStyle,
} from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DiscordFake, type RecordedCall, startDiscordFake } from './discord-fake.ts';
import { chatInput, component, modalSubmit } from './discord-interactions.ts';

const GUILD_ID = '1300000000000000001';
const GENERAL_ID = '1300000000000000011';
const DESK_ID = '1300000000000000012';
const CATEGORY_ID = '1300000000000000010';
const USER = { id: '1300000000000000777', username: 'camille' };

let fake: DiscordFake;
let client: Client;

/** Runs `fn` on the next interaction the client receives; resolves with its result. */
function onNextInteraction<T>(fn: (i: Interaction) => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    client.once(Events.InteractionCreate, (i) => {
      fn(i).then(resolve, reject);
    });
  });
}

const callbackOf =
  (payload: any) =>
  (c: RecordedCall): boolean =>
    c.method === 'POST' && c.path === `/interactions/${payload.id}/${payload.token}/callback`;

async function expectApiError(p: Promise<unknown>, status: number, code: number): Promise<DiscordAPIError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DiscordAPIError);
  const apiErr = err as DiscordAPIError;
  expect(apiErr.status).toBe(status);
  expect(apiErr.code).toBe(code);
  return apiErr;
}

beforeAll(async () => {
  fake = await startDiscordFake({
    guilds: [
      {
        id: GUILD_ID,
        name: 'Relais HQ',
        channels: [
          { id: CATEGORY_ID, name: 'Editorial', type: 4 },
          { id: GENERAL_ID, name: 'general', parent_id: CATEGORY_ID },
          { id: DESK_ID, name: 'desk', parent_id: CATEGORY_ID },
        ],
        roles: [{ id: '1300000000000000100', name: 'Editors' }],
      },
    ],
  });
  client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
  const ready = once(client, Events.ClientReady);
  await client.login('fake-bot-token');
  await ready;
  await fake.connected();
});

afterAll(async () => {
  await client?.destroy();
  await fake?.close();
});

describe('discord fake driven by the real discord.js Client', () => {
  it('logs in: gateway/bot, IDENTIFY, READY and GUILD_CREATE fill the caches', () => {
    expect(fake.calls[0]).toMatchObject({ method: 'GET', path: '/gateway/bot', status: 200 });
    expect(fake.calls[0]?.headers.authorization).toBe('Bot fake-bot-token');
    expect(fake.identifies).toHaveLength(1);
    expect(fake.identifies[0]).toMatchObject({ token: 'fake-bot-token', intents: 1, shard: [0, 1] });

    expect(client.user?.id).toBe(fake.botUser.id);
    expect(client.application?.id).toBe(fake.applicationId);
    const guild = client.guilds.cache.get(GUILD_ID);
    expect(guild?.name).toBe('Relais HQ');
    expect(guild?.available).toBe(true);
    const general = guild?.channels.cache.get(GENERAL_ID);
    expect(general?.type).toBe(ChannelType.GuildText);
    expect(general?.name).toBe('general');
    expect(general?.parentId).toBe(CATEGORY_ID);
    expect(guild?.channels.cache.get(CATEGORY_ID)?.type).toBe(ChannelType.GuildCategory);
    expect(client.channels.cache.get(DESK_ID)?.isTextBased()).toBe(true);
    expect(guild?.roles.everyone.id).toBe(GUILD_ID);
    expect(guild?.roles.cache.find((r) => r.name === 'Editors')).toBeDefined();
    // the bot's own member comes with GUILD_CREATE, so permission checks work
    expect(guild?.members.me?.permissionsIn(GENERAL_ID).has(PermissionFlagsBits.SendMessages)).toBe(true);
  });

  it('chat input: reply ephemeral -> callback type 4 with flags 64', async () => {
    const payload: any = chatInput({
      name: 'relais',
      options: [{ type: 1, name: 'config', options: [{ type: 4, name: 'approvals', value: 2 }] }],
      user: USER,
      permissions: PermissionFlagsBits.ManageGuild,
      locale: 'fr',
      guildId: GUILD_ID,
      channelId: GENERAL_ID,
    });
    const seen = onNextInteraction(async (i) => {
      if (!i.isChatInputCommand()) throw new Error(`unexpected ${i.type}`);
      const facts = {
        name: i.commandName,
        sub: i.options.getSubcommand(),
        approvals: i.options.getInteger('approvals'),
        locale: i.locale,
        guildLocale: i.guildLocale,
        manageGuild: i.memberPermissions?.has(PermissionFlagsBits.ManageGuild),
        admin: i.memberPermissions?.has(PermissionFlagsBits.Administrator),
        userId: i.user.id,
        channelName: i.channel?.isTextBased() && 'name' in i.channel ? i.channel.name : null,
      };
      await i.reply({ content: 'hi', flags: MessageFlags.Ephemeral });
      return facts;
    });
    fake.dispatchInteraction(payload);
    const facts = await seen;
    expect(facts).toEqual({
      name: 'relais',
      sub: 'config',
      approvals: 2,
      locale: 'fr',
      guildLocale: 'en-US',
      manageGuild: true,
      admin: false,
      userId: USER.id,
      channelName: 'general',
    });
    const cb = await fake.waitForCall(callbackOf(payload));
    expect(cb.status).toBe(204);
    expect(cb.headers.authorization).toBeUndefined();
    expect(cb.body.type).toBe(4);
    expect(cb.body.data.content).toBe('hi');
    expect(cb.body.data.flags & 64).toBe(64);
  });

  it('deferReply + editReply + followUp: callback 5, PATCH @original, POST webhook ?wait=true', async () => {
    const payload: any = chatInput({ name: 'digest', guildId: GUILD_ID, channelId: GENERAL_ID, user: USER });
    const done = onNextInteraction(async (i) => {
      if (!i.isChatInputCommand()) throw new Error('expected a command');
      await i.deferReply();
      const edited = await i.editReply({ content: 'digest ready' });
      const follow = await i.followUp({ content: 'one more thing', flags: MessageFlags.Ephemeral });
      return { edited, follow };
    });
    fake.dispatchInteraction(payload);
    const { edited, follow } = await done;

    const cb = await fake.waitForCall(callbackOf(payload));
    expect(cb.body).toEqual({ type: 5, data: { flags: 0 } });
    const patch = await fake.waitForCall(
      (c) => c.method === 'PATCH' && c.path === `/webhooks/${fake.applicationId}/${payload.token}/messages/@original`,
    );
    expect(patch.body.content).toBe('digest ready');
    expect(edited.content).toBe('digest ready');
    expect(edited.author.id).toBe(fake.botUser.id);
    expect(edited.channelId).toBe(GENERAL_ID);
    expect(fake.messages.get(edited.id)?.flags & 128).toBe(0); // no longer "thinking…"

    const post = await fake.waitForCall(
      (c) => c.method === 'POST' && c.path === `/webhooks/${fake.applicationId}/${payload.token}`,
    );
    expect(post.query.wait).toBe('true');
    expect(follow.id).not.toBe(edited.id);
    expect(follow.flags.has(MessageFlags.Ephemeral)).toBe(true);
  });

  it('withResponse answers 200 with the message; first followUp after a defer replaces "thinking…"; DM interactions', async () => {
    const p1: any = chatInput({ name: 'digest', guildId: GUILD_ID, channelId: GENERAL_ID });
    const r1 = onNextInteraction(async (i) => {
      if (!i.isChatInputCommand()) throw new Error('expected a command');
      const res = await i.reply({ content: 'with response', withResponse: true });
      return res.resource?.message?.content;
    });
    fake.dispatchInteraction(p1);
    expect(await r1).toBe('with response');
    const cb1 = await fake.waitForCall(callbackOf(p1));
    expect(cb1).toMatchObject({ status: 200, query: { with_response: 'true' } });
    expect(cb1.response.resource.message.type).toBe(20); // CHAT_INPUT_COMMAND reply

    const p2: any = chatInput({ name: 'digest', guildId: GUILD_ID, channelId: GENERAL_ID });
    const r2 = onNextInteraction(async (i) => {
      if (!i.isChatInputCommand()) throw new Error('expected a command');
      await i.deferReply({ flags: MessageFlags.Ephemeral });
      const follow = await i.followUp({ content: 'finished' });
      const original = await i.fetchReply();
      return { follow, original };
    });
    fake.dispatchInteraction(p2);
    const { follow, original } = await r2;
    expect(follow.id).toBe(original.id);
    expect(original.content).toBe('finished');
    expect(original.flags.has(MessageFlags.Ephemeral)).toBe(true);

    const p3: any = chatInput({ name: 'digest', channelId: '1300000000000000555', user: USER }); // no guildId: DM
    const r3 = onNextInteraction(async (i) => {
      if (!i.isChatInputCommand()) throw new Error('expected a command');
      await i.reply('in DM');
      // discord.js only materialises an uncached DM channel with Partials.Channel: i.channel is null here
      return { inGuild: i.inGuild(), user: i.user.id, channelId: i.channelId, channel: i.channel };
    });
    fake.dispatchInteraction(p3);
    expect(await r3).toEqual({ inGuild: false, user: USER.id, channelId: '1300000000000000555', channel: null });
    expect((await fake.waitForCall(callbackOf(p3))).status).toBe(204);
  });

  it('channel.send -> POST /channels/:id/messages; message.startThread works', async () => {
    const channel = client.channels.cache.get(GENERAL_ID) as TextChannel;
    const message = await channel.send({ content: 'Weekly digest', allowedMentions: { parse: [] } });
    const post = await fake.waitForCall((c) => c.method === 'POST' && c.path === `/channels/${GENERAL_ID}/messages`);
    expect(post.body).toMatchObject({ content: 'Weekly digest', allowed_mentions: { parse: [] } });
    expect(message.id).toBe(post.response.id);
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
    const multipart = fake.calls.at(-1)!;
    expect(multipart.headers['content-type']).toMatch(/^multipart\/form-data/);
    expect(multipart.body.content).toBe('report');
    expect(multipart.files.map((f) => [f.filename, f.size])).toEqual([['report.csv', 8]]);
    const attachment = withFile.attachments.first();
    expect(attachment?.name).toBe('report.csv');
    expect(await (await fetch(attachment!.url)).text()).toBe('a,b\n1,2\n');

    const dm = await client.users.createDM(USER.id);
    expect(dm.type).toBe(ChannelType.DM);
    const dmMessage = await dm.send('psst');
    expect(dmMessage.channelId).toBe(dm.id);
  });

  it('button -> update (type 7), button -> modal (type 9) -> modal submit', async () => {
    const channel = client.channels.cache.get(DESK_ID) as TextChannel;
    const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder().setCustomId('approve:42').setLabel('Approve').setStyle(ButtonStyle.Success),
      new ButtonBuilder().setCustomId('edit:42').setLabel('Edit').setStyle(ButtonStyle.Secondary),
    );
    const sent = await channel.send({ content: 'Draft #42', components: [row] });
    const recorded = fake.messages.get(sent.id);
    expect(recorded.components[0].components[0]).toMatchObject({ type: 2, custom_id: 'approve:42', id: 2 });

    const click: any = component({
      customId: 'approve:42',
      message: recorded,
      guildId: GUILD_ID,
      channelId: DESK_ID,
      user: USER,
    });
    expect(click.data).toEqual({ component_type: 2, custom_id: 'approve:42', id: 2 });
    const updated = onNextInteraction(async (i) => {
      if (!i.isButton()) throw new Error('expected a button');
      expect(i.message.id).toBe(sent.id);
      await i.update({ content: 'Draft #42 — approved', components: [] });
    });
    fake.dispatchInteraction(click);
    await updated;
    const cb = await fake.waitForCall(callbackOf(click));
    expect(cb.body.type).toBe(7);
    expect(fake.messages.get(sent.id)).toMatchObject({ content: 'Draft #42 — approved', components: [] });

    const open: any = component({
      customId: 'edit:42',
      componentType: 2,
      message: recorded,
      guildId: GUILD_ID,
      channelId: DESK_ID,
      user: USER,
    });
    const shown = onNextInteraction(async (i) => {
      if (!i.isButton()) throw new Error('expected a button');
      await i.showModal(
        new ModalBuilder()
          .setCustomId('edit-modal:42')
          .setTitle('Edit draft')
          .addComponents(
            new ActionRowBuilder<TextInputBuilder>().addComponents(
              new TextInputBuilder().setCustomId('body').setLabel('Body').setStyle(TextInputStyle.Paragraph),
            ),
          ),
      );
    });
    fake.dispatchInteraction(open);
    await shown;
    expect((await fake.waitForCall(callbackOf(open))).body).toMatchObject({
      type: 9,
      data: { custom_id: 'edit-modal:42', title: 'Edit draft' },
    });

    const submit: any = modalSubmit({
      customId: 'edit-modal:42',
      fields: { body: 'New text' },
      message: recorded,
      guildId: GUILD_ID,
      channelId: DESK_ID,
      user: USER,
      locale: 'fr',
    });
    const submitted = onNextInteraction(async (i) => {
      if (!i.isModalSubmit()) throw new Error('expected a modal submit');
      const value = i.fields.getTextInputValue('body');
      await i.reply({ content: `saved: ${value}`, flags: MessageFlags.Ephemeral });
      return value;
    });
    fake.dispatchInteraction(submit);
    expect(await submitted).toBe('New text');
    expect((await fake.waitForCall(callbackOf(submit))).body.data.content).toBe('saved: New text');
  });

  it('application commands: set() then fetch() round-trip; invalid names get 50035', async () => {
    const set = await client.application!.commands.set([
      { name: 'relais', description: 'Relais desk', options: [{ type: 1, name: 'config', description: 'Configure' }] },
      { name: 'digest', description: 'Post the digest now' },
    ]);
    expect(set.size).toBe(2);
    expect(fake.commands.map((c) => c.name)).toEqual(['relais', 'digest']);
    const put = await fake.waitForCall(
      (c) => c.method === 'PUT' && c.path === `/applications/${fake.applicationId}/commands`,
    );
    expect(put.body).toHaveLength(2);

    const fetched = await client.application!.commands.fetch();
    expect([...fetched.keys()].sort()).toEqual(fake.commands.map((c) => c.id).sort());
    expect(fetched.find((c) => c.name === 'relais')?.options[0]?.name).toBe('config');

    const guild = client.guilds.cache.get(GUILD_ID)!;
    await guild.commands.set([{ name: 'desk', description: 'Desk tools' }]);
    expect(fake.guildCommands[GUILD_ID]?.map((c) => c.name)).toEqual(['desk']);
    expect((await guild.commands.fetch()).first()?.name).toBe('desk');

    // an interaction for a registered command carries that command's id
    const payload: any = chatInput({ name: 'digest', guildId: GUILD_ID, channelId: GENERAL_ID });
    const commandId = onNextInteraction(async (i) => {
      if (!i.isChatInputCommand()) throw new Error('expected a command');
      await i.reply({ content: 'ok' });
      return i.commandId;
    });
    fake.dispatchInteraction(payload);
    expect(await commandId).toBe(fake.commands.find((c) => c.name === 'digest')?.id);

    const err = await expectApiError(
      client.application!.commands.set([{ name: 'Bad Name', description: 'x' }]),
      400,
      50035,
    );
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

  it('Discord-side refusals: empty message, unknown route, late or double acknowledgement', async () => {
    const channel = client.channels.cache.get(GENERAL_ID) as TextChannel;
    await expectApiError(channel.send({ content: '   ' }), 400, 50006);
    await expectApiError(channel.send({ content: 'x'.repeat(2001) }), 400, 50035);
    await expectApiError(client.rest.get('/nothing/here'), 404, 0);
    expect(fake.calls.at(-1)).toMatchObject({ method: 'GET', path: '/nothing/here', status: 404 });

    fake.interactionDeadlineMs = 40;
    try {
      const late: any = chatInput({ name: 'digest', guildId: GUILD_ID, channelId: GENERAL_ID });
      const lateReply = onNextInteraction(async (i) => {
        if (!i.isChatInputCommand()) throw new Error('expected a command');
        await new Promise((r) => setTimeout(r, 80));
        await i.reply('too late');
      });
      fake.dispatchInteraction(late);
      await expectApiError(lateReply, 404, 10062);
    } finally {
      fake.interactionDeadlineMs = 3000;
    }

    const twice: any = chatInput({ name: 'digest', guildId: GUILD_ID, channelId: GENERAL_ID });
    const replied = onNextInteraction(async (i) => {
      if (!i.isChatInputCommand()) throw new Error('expected a command');
      await i.reply('first');
    });
    fake.dispatchInteraction(twice);
    await replied;
    await expectApiError(
      client.rest.post(`/interactions/${twice.id}/${twice.token}/callback`, {
        body: { type: 4, data: { content: 'again' } },
        auth: false,
      }),
      400,
      40060,
    );
  });

  it('gateway close 4000: the client RESUMEs and gets the events it missed', async () => {
    fake.disconnect(4000);
    const payload: any = chatInput({ name: 'digest', guildId: GUILD_ID, channelId: GENERAL_ID });
    const handled = onNextInteraction(async (i) => {
      if (!i.isChatInputCommand()) throw new Error('expected a command');
      await i.reply('back');
    });
    fake.dispatchInteraction(payload); // buffered while disconnected, replayed on RESUME
    await handled;
    expect((await fake.waitForCall(callbackOf(payload))).status).toBe(204);
    expect(fake.identifies).toHaveLength(1); // resumed, not re-identified
  });
});
