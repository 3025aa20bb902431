import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandsJson } from '../../adapters/discord/command-json.ts';
import { commands } from '../../commands/index.ts';
import { registerDiscord } from '../../src/main.ts';
import { customIds, EPHEMERAL, isPrivate, modal, modalInputs, reply } from '../fakes/discord-calls.ts';
import type { RecordedCall } from '../fakes/discord-fake.ts';
import { component } from '../fakes/discord-interactions.ts';
import {
  type DiscordHarness,
  MANAGE_GUILD,
  type Options,
  startDiscordHarness,
  type Who,
} from '../support/discord-harness.ts';

/**
 * The real discord.js client inside Relais, logged in to a local fake of Discord's REST API and
 * gateway; interactions arrive over the gateway and answers go to the fake's callback routes.
 */

const GUILD = '810000000000000001';
const GENERAL = '810000000000000010';
const REVIEW = '810000000000000011';

let h: DiscordHarness;

beforeAll(async () => {
  h = await startDiscordHarness({
    guild: {
      id: GUILD,
      name: 'Acme',
      channels: [
        { id: GENERAL, name: 'general' },
        { id: REVIEW, name: 'review' },
      ],
      roles: [{ id: '810000000000000099', name: 'comms' }],
    },
  });
});

afterAll(async () => {
  await h?.close();
});

const admin = { user: { id: '810000000000000500', username: 'ada' }, permissions: MANAGE_GUILD, locale: 'fr' };
const member = { user: { id: '810000000000000501', username: 'max' }, permissions: 0n, locale: 'en-US' };

const relaisConfig = (options: Options, who: Who, resolved?: object) =>
  h.command('relais', 'config', options, who, resolved ? { resolved } : {});

async function settings() {
  return h.relais.deps.store.getSettings((await h.workspace()).id);
}

const embedText = (call: RecordedCall) => JSON.stringify(reply(call).embeds ?? reply(call).content);

describe('Discord adapter (real discord.js, local REST + gateway fake)', () => {
  it('registers the slash commands, and writes nothing when Discord already has them', async () => {
    const { fake, config } = h;
    const first = await registerDiscord(config);
    expect(first.changed).toBe(true);
    expect(fake.commands.map((c) => c.name)).toEqual(commands.map((c) => c.name));
    const relaisJson = fake.commands.find((c) => c.name === 'relais');
    const configSub = relaisJson?.options?.find((o) => o.name === 'config');
    const configOptions = configSub && 'options' in configSub ? (configSub.options ?? []) : [];
    expect(configOptions.find((o) => o.name === 'approvals')).toMatchObject({
      type: 4,
      min_value: 1,
      max_value: 10,
    });
    expect(configOptions.find((o) => o.name === 'review-channel')).toMatchObject({ type: 7 });
    expect(relaisJson?.description_localizations?.fr).toBeTruthy();

    const puts = () => fake.calls.filter((c) => c.method === 'PUT' && c.path.includes('/commands')).length;
    const before = puts();
    const second = await registerDiscord(config);
    expect(second.changed).toBe(false);
    expect(puts()).toBe(before);
    expect(commandsJson(commands)).toHaveLength(commands.length);
  });

  it('answers /relais help with a private embed in the reader’s language', async () => {
    const en = await h.command('relais', 'help', [], member);
    expect(en.body).toMatchObject({ type: 4 });
    expect(isPrivate(en)).toBe(true);
    expect(reply(en).embeds?.[0]?.title).toBe('Relais — commands');
    expect(embedText(en)).toContain('/relais config');
    expect(reply(en).allowed_mentions).toEqual({ parse: [] });

    const fr = await h.command('relais', 'help', [], admin);
    expect(reply(fr).embeds?.[0]?.title).toBe('Relais — commandes');
  });

  it('refuses /relais config to members without Manage Server, and changes nothing', async () => {
    const call = await relaisConfig([{ type: 4, name: 'approvals', value: 3 }], member);
    expect(isPrivate(call)).toBe(true);
    expect(embedText(call)).toContain('Only admins');
    expect((await settings()).approvalsNeeded).toBe(1);
  });

  it('lets a member with Manage Server change settings through typed options', async () => {
    const call = await relaisConfig(
      [
        { type: 4, name: 'approvals', value: 2 },
        { type: 7, name: 'review-channel', value: REVIEW },
        { type: 3, name: 'reviewers', value: '<@810000000000000501>' },
        { type: 3, name: 'reviewer-group', value: '<@&810000000000000099>' },
      ],
      admin,
      { channels: { [REVIEW]: { id: REVIEW, name: 'review', type: 0, permissions: '0' } } },
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
    const call = await relaisConfig([{ type: 3, name: 'reviewers', value: 'everyone please' }], admin);
    expect(isPrivate(call)).toBe(true);
    // Named as this French reader's Discord shows the option.
    expect(embedText(call)).toContain('relecteurs');
    expect((await settings()).reviewers).toEqual(['810000000000000501']);
  });

  it('opens the settings form from the card as a modal and saves the submission', async () => {
    const card = reply(await relaisConfig([], admin));
    const edit = customIds(card).find((id) => id === 'config:edit|review');
    expect(edit).toBeTruthy();

    const message = {
      id: '810000000000000777',
      channel_id: GENERAL,
      author: { id: h.fake.botUser.id, username: 'relais', bot: true },
      content: '',
      embeds: card.embeds,
      components: card.components,
      timestamp: new Date().toISOString(),
      type: 0,
      flags: EPHEMERAL,
    };
    const opened = await h.interact(
      component({ customId: edit ?? '', message, guildId: GUILD, channelId: GENERAL, ...admin }),
    );
    expect(opened.body).toMatchObject({ type: 9 });
    const form = modal(opened);
    expect(form.custom_id).toBe('config:review|');
    const inputs = modalInputs(form);
    expect(inputs.map((i) => i.custom_id)).toEqual([
      'review-channel',
      'approvals',
      'review-delay',
      'networks',
      'retro-delay',
    ]);
    expect(inputs.find((i) => i.custom_id === 'review-channel')?.value).toBe(REVIEW);

    const saved = await h.submit(
      form.custom_id,
      { 'review-channel': '#general', approvals: '3', 'review-delay': '48', networks: 'linkedin, bluesky' },
      admin,
    );
    expect(isPrivate(saved)).toBe(true);
    expect(embedText(saved)).toContain('Enregistré');
    expect(await settings()).toMatchObject({
      reviewChannel: GENERAL,
      approvalsNeeded: 3,
      reviewDelayHours: 48,
      defaultNetworks: ['linkedin', 'bluesky'],
    });
  });

  it('reports a channel that does not exist in the server and saves nothing of the form', async () => {
    const call = await h.submit(
      'config:review|',
      { 'review-channel': '#nowhere', approvals: '5', 'review-delay': '48', networks: 'linkedin' },
      admin,
    );
    expect(isPrivate(call)).toBe(true);
    // Named by its label, with a button that opens the form again as typed.
    expect(JSON.stringify(reply(call))).toContain('Canal de relecture');
    expect(JSON.stringify(reply(call))).toContain('form:reopen|');
    expect((await settings()).approvalsNeeded).toBe(3);
  });
});
