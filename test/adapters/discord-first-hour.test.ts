import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
