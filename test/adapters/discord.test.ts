import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandsJson } from '../../adapters/discord/command-json.ts';
import { commands } from '../../commands/index.ts';
import { type Database, openDatabase } from '../../db/client.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import { type RunningRelais, registerDiscord, startRelais } from '../../src/main.ts';
import { type DiscordFake, type RecordedCall, startDiscordFake } from '../fakes/discord-fake.ts';
import { chatInput, component, modalSubmit } from '../fakes/discord-interactions.ts';

/**
 * The real discord.js client inside Relais, logged in to a local fake of Discord's REST API and
 * gateway; interactions arrive over the gateway and answers go to the fake's callback routes.
 */

const GUILD = '810000000000000001';
const GENERAL = '810000000000000010';
const REVIEW = '810000000000000011';
const MANAGE_GUILD = 1n << 5n;
const EPHEMERAL = 1 << 6;

let fake: DiscordFake;
let database: Database;
let relais: RunningRelais;
let config: Config;

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
        roles: [{ id: '810000000000000099', name: 'comms' }],
      },
    ],
  });
  database = await openDatabase({ kind: 'pglite-memory' });
  config = loadConfig({
    PORT: '0',
    LOG_LEVEL: 'silent',
    DISCORD_TOKEN: 'discord-test-token',
    DISCORD_APPLICATION_ID: fake.applicationId,
    DISCORD_API_URL: fake.apiUrl,
  });
  relais = await startRelais(config, { database });
});

afterAll(async () => {
  await relais?.close();
  await database?.close();
  await fake?.close();
});

const admin = { user: { id: '810000000000000500', username: 'ada' }, permissions: MANAGE_GUILD, locale: 'fr' };
const member = { user: { id: '810000000000000501', username: 'max' }, permissions: 0n, locale: 'en-US' };

/** Sends an interaction and returns the callback Discord would receive for it. */
async function interact(payload: any): Promise<RecordedCall> {
  fake.dispatchInteraction(payload);
  return fake.waitForCall((c) => c.method === 'POST' && c.path.startsWith(`/interactions/${payload.id}/`));
}

const relaisConfig = (options: any[], who: object, resolved?: object) =>
  chatInput({
    name: 'relais',
    options: [{ type: 1, name: 'config', options }],
    guildId: GUILD,
    channelId: GENERAL,
    ...(resolved ? { resolved } : {}),
    ...who,
  });

async function settings() {
  const ws = await relais.deps.store.ensureWorkspace({ platform: 'discord', externalId: GUILD });
  return relais.deps.store.getSettings(ws.id);
}

const embedText = (call: RecordedCall) => JSON.stringify(call.body.data.embeds ?? call.body.data.content);

describe('Discord adapter (real discord.js, local REST + gateway fake)', () => {
  it('registers the slash commands, and writes nothing when Discord already has them', async () => {
    const first = await registerDiscord(config);
    expect(first.changed).toBe(true);
    expect(fake.commands.map((c) => c.name)).toEqual(commands.map((c) => c.name));
    const relaisJson = fake.commands.find((c) => c.name === 'relais');
    const configSub = relaisJson.options.find((o: any) => o.name === 'config');
    expect(configSub.options.find((o: any) => o.name === 'approvals')).toMatchObject({
      type: 4,
      min_value: 1,
      max_value: 10,
    });
    expect(configSub.options.find((o: any) => o.name === 'review-channel')).toMatchObject({ type: 7 });
    expect(relaisJson.description_localizations.fr).toBeTruthy();

    const puts = () => fake.calls.filter((c) => c.method === 'PUT' && c.path.includes('/commands')).length;
    const before = puts();
    const second = await registerDiscord(config);
    expect(second.changed).toBe(false);
    expect(puts()).toBe(before);
    expect(commandsJson(commands)).toHaveLength(commands.length);
  });

  it('answers /relais help with a private embed in the reader’s language', async () => {
    const en = await interact(
      chatInput({
        name: 'relais',
        options: [{ type: 1, name: 'help' }],
        guildId: GUILD,
        channelId: GENERAL,
        ...member,
      }),
    );
    expect(en.body.type).toBe(4);
    expect(en.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(en.body.data.embeds[0].title).toBe('Relais — commands');
    expect(embedText(en)).toContain('/relais config');
    expect(en.body.data.allowed_mentions).toEqual({ parse: [] });

    const fr = await interact(
      chatInput({ name: 'relais', options: [{ type: 1, name: 'help' }], guildId: GUILD, channelId: GENERAL, ...admin }),
    );
    expect(fr.body.data.embeds[0].title).toBe('Relais — commandes');
  });

  it('refuses /relais config to members without Manage Server, and changes nothing', async () => {
    const call = await interact(relaisConfig([{ type: 4, name: 'approvals', value: 3 }], member));
    expect(call.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(embedText(call)).toContain('Only admins');
    expect((await settings()).approvalsNeeded).toBe(1);
  });

  it('lets a member with Manage Server change settings through typed options', async () => {
    const call = await interact(
      relaisConfig(
        [
          { type: 4, name: 'approvals', value: 2 },
          { type: 7, name: 'review-channel', value: REVIEW },
          { type: 3, name: 'reviewers', value: '<@810000000000000501>' },
          { type: 3, name: 'reviewer-group', value: '<@&810000000000000099>' },
        ],
        admin,
        { channels: { [REVIEW]: { id: REVIEW, name: 'review', type: 0, permissions: '0' } } },
      ),
    );
    expect(embedText(call)).toContain('Enregistré');
    expect(await settings()).toMatchObject({
      approvalsNeeded: 2,
      reviewChannel: REVIEW,
      reviewers: ['810000000000000501'],
      reviewerGroup: '810000000000000099',
    });
  });

  it('answers a value it cannot read with a private message and changes nothing', async () => {
    const call = await interact(relaisConfig([{ type: 3, name: 'reviewers', value: 'everyone please' }], admin));
    expect(call.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(embedText(call)).toContain('reviewers');
    expect((await settings()).reviewers).toEqual(['810000000000000501']);
  });

  it('opens the settings form from the card as a modal and saves the submission', async () => {
    const card = await interact(relaisConfig([], admin));
    const buttons = card.body.data.components.flatMap((row: any) => row.components);
    const edit = buttons.find((b: any) => b.custom_id === 'config:edit|review');
    expect(edit).toBeTruthy();

    const message = {
      id: '810000000000000777',
      channel_id: GENERAL,
      author: { id: fake.botUser.id, username: 'relais', bot: true },
      content: '',
      embeds: card.body.data.embeds,
      components: card.body.data.components,
      timestamp: new Date().toISOString(),
      type: 0,
      flags: EPHEMERAL,
    };
    const opened = await interact(
      component({ customId: edit.custom_id, message, guildId: GUILD, channelId: GENERAL, ...admin }),
    );
    expect(opened.body.type).toBe(9);
    const modal = opened.body.data;
    expect(modal.custom_id).toBe('config:review|');
    const inputs = modal.components.map((row: any) => row.components[0]);
    expect(inputs.map((i: any) => i.custom_id)).toEqual(['review-channel', 'approvals', 'review-delay', 'networks']);
    expect(inputs.find((i: any) => i.custom_id === 'review-channel').value).toBe(REVIEW);

    const saved = await interact(
      modalSubmit({
        customId: modal.custom_id,
        fields: { 'review-channel': '#general', approvals: '3', 'review-delay': '48', networks: 'linkedin, bluesky' },
        guildId: GUILD,
        channelId: GENERAL,
        ...admin,
      }),
    );
    expect(saved.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(embedText(saved)).toContain('Enregistré');
    expect(await settings()).toMatchObject({
      reviewChannel: GENERAL,
      approvalsNeeded: 3,
      reviewDelayHours: 48,
      defaultNetworks: ['linkedin', 'bluesky'],
    });
  });

  it('reports a channel that does not exist in the server and saves nothing of the form', async () => {
    const call = await interact(
      modalSubmit({
        customId: 'config:review|',
        fields: { 'review-channel': '#nowhere', approvals: '5', 'review-delay': '48', networks: 'linkedin' },
        guildId: GUILD,
        channelId: GENERAL,
        ...admin,
      }),
    );
    expect(call.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(JSON.stringify(call.body.data)).toContain('review-channel');
    expect((await settings()).approvalsNeeded).toBe(3);
  });
});
