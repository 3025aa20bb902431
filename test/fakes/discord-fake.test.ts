import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  ChannelType,
  type Client,
  MessageFlags,
  ModalBuilder,
  PermissionFlagsBits,
  type TextChannel,
  TextInputBuilder,
  TextInputStyle,
} from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { obj } from './discord/json.ts';
import { reply, responseType, sent } from './discord-calls.ts';
import type { DiscordFake } from './discord-fake.ts';
import {
  CATEGORY_ID,
  callbackOf,
  DESK_ID,
  expectApiError,
  GENERAL_ID,
  GUILD_ID,
  onNextInteraction,
  startFakeAndClient,
  USER,
} from './discord-fake-client.ts';
import { chatInput, component, modalSubmit } from './discord-interactions.ts';

/** The fake's gateway and interaction side, driven by the real discord.js Client. */

let fake: DiscordFake;
let client: Client;

beforeAll(async () => {
  ({ fake, client } = await startFakeAndClient());
});

afterAll(async () => {
  await client?.destroy();
  await fake?.close();
});

describe('discord fake driven by the real discord.js Client: gateway and interactions', () => {
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
    const payload = chatInput({
      name: 'relais',
      options: [{ type: 1, name: 'config', options: [{ type: 4, name: 'approvals', value: 2 }] }],
      user: USER,
      permissions: PermissionFlagsBits.ManageGuild,
      locale: 'fr',
      guildId: GUILD_ID,
      channelId: GENERAL_ID,
    });
    const seen = onNextInteraction(client, async (i) => {
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
    expect(responseType(cb)).toBe(4);
    expect(reply(cb).content).toBe('hi');
    expect(Number(reply(cb).flags) & 64).toBe(64);
  });

  it('deferReply + editReply + followUp: callback 5, PATCH @original, POST webhook ?wait=true', async () => {
    const payload = chatInput({ name: 'digest', guildId: GUILD_ID, channelId: GENERAL_ID, user: USER });
    const done = onNextInteraction(client, async (i) => {
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
    expect(sent(patch).content).toBe('digest ready');
    expect(edited.content).toBe('digest ready');
    expect(edited.author.id).toBe(fake.botUser.id);
    expect(edited.channelId).toBe(GENERAL_ID);
    expect((fake.messages.get(edited.id)?.flags ?? 0) & 128).toBe(0); // no longer "thinking…"

    const post = await fake.waitForCall(
      (c) => c.method === 'POST' && c.path === `/webhooks/${fake.applicationId}/${payload.token}`,
    );
    expect(post.query.wait).toBe('true');
    expect(follow.id).not.toBe(edited.id);
    expect(follow.flags.has(MessageFlags.Ephemeral)).toBe(true);
  });

  it('withResponse answers 200 with the message; first followUp after a defer replaces "thinking…"; DM interactions', async () => {
    const p1 = chatInput({ name: 'digest', guildId: GUILD_ID, channelId: GENERAL_ID });
    const r1 = onNextInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) throw new Error('expected a command');
      const res = await i.reply({ content: 'with response', withResponse: true });
      return res.resource?.message?.content;
    });
    fake.dispatchInteraction(p1);
    expect(await r1).toBe('with response');
    const cb1 = await fake.waitForCall(callbackOf(p1));
    expect(cb1).toMatchObject({ status: 200, query: { with_response: 'true' } });
    expect(obj(obj(obj(cb1.response).resource).message).type).toBe(20); // CHAT_INPUT_COMMAND reply

    const p2 = chatInput({ name: 'digest', guildId: GUILD_ID, channelId: GENERAL_ID });
    const r2 = onNextInteraction(client, async (i) => {
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

    const p3 = chatInput({ name: 'digest', channelId: '1300000000000000555', user: USER }); // no guildId: DM
    const r3 = onNextInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) throw new Error('expected a command');
      await i.reply('in DM');
      // discord.js only materialises an uncached DM channel with Partials.Channel: i.channel is null here
      return { inGuild: i.inGuild(), user: i.user.id, channelId: i.channelId, channel: i.channel };
    });
    fake.dispatchInteraction(p3);
    expect(await r3).toEqual({ inGuild: false, user: USER.id, channelId: '1300000000000000555', channel: null });
    expect((await fake.waitForCall(callbackOf(p3))).status).toBe(204);
  });

  it('button -> update (type 7), button -> modal (type 9) -> modal submit', async () => {
    const channel = client.channels.cache.get(DESK_ID) as TextChannel;
    const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder().setCustomId('approve:42').setLabel('Approve').setStyle(ButtonStyle.Success),
      new ButtonBuilder().setCustomId('edit:42').setLabel('Edit').setStyle(ButtonStyle.Secondary),
    );
    const message = await channel.send({ content: 'Draft #42', components: [row] });
    const recorded = fake.messages.get(message.id);
    if (!recorded) throw new Error('the fake did not keep the message');
    const firstRow = recorded.components?.[0];
    expect(firstRow && 'components' in firstRow ? firstRow.components[0] : undefined).toMatchObject({
      type: 2,
      custom_id: 'approve:42',
      id: 2,
    });

    const click = component({
      customId: 'approve:42',
      message: recorded,
      guildId: GUILD_ID,
      channelId: DESK_ID,
      user: USER,
    });
    expect(click.data).toEqual({ component_type: 2, custom_id: 'approve:42', id: 2 });
    const updated = onNextInteraction(client, async (i) => {
      if (!i.isButton()) throw new Error('expected a button');
      expect(i.message.id).toBe(message.id);
      await i.update({ content: 'Draft #42 — approved', components: [] });
    });
    fake.dispatchInteraction(click);
    await updated;
    const cb = await fake.waitForCall(callbackOf(click));
    expect(responseType(cb)).toBe(7);
    expect(fake.messages.get(message.id)).toMatchObject({ content: 'Draft #42 — approved', components: [] });

    const open = component({
      customId: 'edit:42',
      componentType: 2,
      message: recorded,
      guildId: GUILD_ID,
      channelId: DESK_ID,
      user: USER,
    });
    const shown = onNextInteraction(client, async (i) => {
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

    const submit = modalSubmit({
      customId: 'edit-modal:42',
      fields: { body: 'New text' },
      message: recorded,
      guildId: GUILD_ID,
      channelId: DESK_ID,
      user: USER,
      locale: 'fr',
    });
    const submitted = onNextInteraction(client, async (i) => {
      if (!i.isModalSubmit()) throw new Error('expected a modal submit');
      const value = i.fields.getTextInputValue('body');
      await i.reply({ content: `saved: ${value}`, flags: MessageFlags.Ephemeral });
      return value;
    });
    fake.dispatchInteraction(submit);
    expect(await submitted).toBe('New text');
    expect(reply(await fake.waitForCall(callbackOf(submit))).content).toBe('saved: New text');
  });

  it('Discord-side refusals: empty message, unknown route, late or double acknowledgement', async () => {
    const channel = client.channels.cache.get(GENERAL_ID) as TextChannel;
    await expectApiError(channel.send({ content: '   ' }), 400, 50006);
    await expectApiError(channel.send({ content: 'x'.repeat(2001) }), 400, 50035);
    await expectApiError(client.rest.get('/nothing/here'), 404, 0);
    expect(fake.calls.at(-1)).toMatchObject({ method: 'GET', path: '/nothing/here', status: 404 });

    fake.interactionDeadlineMs = 40;
    try {
      const late = chatInput({ name: 'digest', guildId: GUILD_ID, channelId: GENERAL_ID });
      const lateReply = onNextInteraction(client, async (i) => {
        if (!i.isChatInputCommand()) throw new Error('expected a command');
        await new Promise((r) => setTimeout(r, 80));
        await i.reply('too late');
      });
      fake.dispatchInteraction(late);
      await expectApiError(lateReply, 404, 10062);
    } finally {
      fake.interactionDeadlineMs = 3000;
    }

    const twice = chatInput({ name: 'digest', guildId: GUILD_ID, channelId: GENERAL_ID });
    const replied = onNextInteraction(client, async (i) => {
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
    const payload = chatInput({ name: 'digest', guildId: GUILD_ID, channelId: GENERAL_ID });
    const handled = onNextInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) throw new Error('expected a command');
      await i.reply('back');
    });
    fake.dispatchInteraction(payload); // buffered while disconnected, replayed on RESUME
    await handled;
    expect((await fake.waitForCall(callbackOf(payload))).status).toBe(204);
    expect(fake.identifies).toHaveLength(1); // resumed, not re-identified
  });
});
