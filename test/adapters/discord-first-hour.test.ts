import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerDiscord } from '../../src/main.ts';
import { isPrivate, shown } from '../fakes/discord-calls.ts';
import { reviewDesk } from '../support/discord-desk.ts';
import { type DiscordHarness, startDiscordHarness } from '../support/discord-harness.ts';

/** A team's first hour on Discord: nothing typed is lost, typos are not drafts. */

const desk = reviewDesk('87');
const { GUILD, GENERAL, REVIEW, admin, author } = desk;
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
    },
  });
  const setup = await h.command(
    'relais',
    'config',
    [
      { type: 3, name: 'admins', value: `<@${admin.user.id}>` },
      { type: 3, name: 'language', value: 'en' },
    ],
    admin,
  );
  expect(shown(setup)).toContain('Saved');
});

afterAll(async () => h?.close());

const cardPosts = () => h.fake.calls.filter((c) => c.method === 'POST' && c.path === `/channels/${REVIEW}/messages`);

describe('a draft written before any review channel', () => {
  it('is kept, and the author is told it waits and who can set the channel', async () => {
    const call = await h.command('draft', 'new', [{ type: 3, name: 'text', value: 'Spring is here #acme' }], author);
    expect(isPrivate(call)).toBe(true);
    expect(shown(call)).toContain('D-1 is kept');
    expect(shown(call)).toContain('/relais config review-channel:#review');
    expect(shown(call)).toContain(`<@${admin.user.id}>`);
    await h.relais.flushOutbox();
    expect(cardPosts()).toHaveLength(0);
  });

  it('gets its card in the review channel as soon as an admin sets one', async () => {
    const set = await h.command('relais', 'config', [{ type: 7, name: 'review-channel', value: REVIEW }], admin);
    expect(shown(set)).toContain('Saved');
    await h.relais.flushOutbox();
    const card = await h.fake.waitForCall((c) => c.method === 'POST' && c.path === `/channels/${REVIEW}/messages`);
    expect(shown(card)).toContain('Spring is here');
  });
});

describe('help shows what is registered', () => {
  /** Every `/command …` written in code in an answer. */
  const usages = (text: string) => [...text.matchAll(/`(\/[^`]+)`/g)].map((m) => m[1]!);

  function registered(usage: string): boolean {
    const [name, sub, ...args] = usage.slice(1).split(' ');
    const all = [...h.fake.commands, ...Object.values(h.fake.guildCommands).flat()];
    const command = all.find((c) => c.name === name);
    const subcommand = command?.options?.find((o) => o.name === sub && o.type === 1);
    if (!subcommand) return false;
    const options = 'options' in subcommand ? (subcommand.options ?? []) : [];
    return args.every((a) => options.some((o) => o.name === a.split(':')[0]));
  }

  it('every usage in /relais help and in each command’s help is a registered subcommand', async () => {
    await registerDiscord(h.config);
    const overview = await h.command('relais', 'help', [], author);
    const shownUsages = usages(shown(overview));
    expect(shownUsages).toContain('/relais help command:draft');
    for (const name of ['draft', 'veille', 'ambassador', 'relais', 'stats']) {
      const detail = await h.command('relais', 'help', [{ type: 3, name: 'command', value: name }], author);
      expect(shown(detail)).toContain(`/${name}`);
      shownUsages.push(...usages(shown(detail)));
    }
    expect(shownUsages).toContain('/draft new');
    expect(shownUsages).toContain('/draft queue');
    expect(shownUsages.filter((u) => !registered(u))).toEqual([]);
  });
});

describe('errors name the right thing', () => {
  it('says it does not know @zoe, and stories per digest with the range', async () => {
    const invite = await h.command('ambassador', 'invite', [{ type: 3, name: 'person', value: '@zoe' }], admin);
    expect(isPrivate(invite)).toBe(true);
    expect(shown(invite)).toContain('I do not know @zoe');
    const size = await h.command('veille', 'size', [{ type: 4, name: 'stories', value: 50 }], admin, {
      channelId: GENERAL,
    });
    expect(shown(size)).toContain('from 1 to 30 stories');
    expect(shown(size)).not.toContain('items');
  });
});
