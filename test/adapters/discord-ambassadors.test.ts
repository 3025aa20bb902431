import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { obj } from '../fakes/discord/json.ts';
import { customIds, messageOf, sent, shown } from '../fakes/discord-calls.ts';
import { chatInput } from '../fakes/discord-interactions.ts';
import { reviewDesk, startReviewDesk } from '../support/discord-desk.ts';
import type { DiscordHarness } from '../support/discord-harness.ts';

/** Ambassadors through the real discord.js client: join, a post goes live, the DM prompt with a nonce. */

const desk = reviewDesk('83');
const { REVIEW, author, reviewer } = desk;
const amy = desk.person(503, 'amy');
const ben = desk.person(504, 'ben');

let h: DiscordHarness;

beforeAll(async () => {
  ({ h } = await startReviewDesk(desk));
  for (const who of [amy, ben]) {
    expect(
      shown(await h.command('ambassador', 'join', [{ type: 3, name: 'networks', value: 'linkedin' }], who)),
    ).toContain('You are an ambassador');
    await h.command('ambassador', 'hours', [{ type: 3, name: 'hours', value: '00:00-24:00 mon-sun UTC' }], who);
  }
});

afterAll(async () => {
  await h?.close();
});

describe('ambassadors on Discord', () => {
  it('sends each ambassador one direct prompt with a nonce Discord enforces, and only its recipient can answer it', async () => {
    const { fake, relais } = h;
    expect(
      shown(await h.command('draft', 'new', [{ type: 3, name: 'text', value: 'Big news today #acme' }], author)),
    ).toContain('D-1 is submitted');
    await relais.flushOutbox();
    const card = messageOf(
      await fake.waitForCall((c) => c.method === 'POST' && c.path === `/channels/${REVIEW}/messages`),
    );
    const approve = customIds(card)[0] ?? '';
    await h.click(approve, card, reviewer, REVIEW);
    const draftId = approve.split('|')[1]?.split(':')[0];
    await h.submit(`draft:publish|${draftId}:1`, { urls: 'https://www.linkedin.com/feed/update/9' }, author, REVIEW);
    await relais.flushOutbox();

    const dms = fake.calls
      .filter((c) => c.method === 'POST' && c.path === '/users/@me/channels')
      .map((c) => obj(c.body).recipient_id);
    expect(dms).toEqual(expect.arrayContaining([amy.user.id, ben.user.id]));
    const prompts = fake.calls.filter(
      (c) =>
        c.method === 'POST' &&
        /^\/channels\/\d+\/messages$/.test(c.path) &&
        JSON.stringify(c.body).includes('A post is live'),
    );
    expect(prompts).toHaveLength(2);
    for (const p of prompts)
      expect(sent(p)).toMatchObject({
        nonce: expect.stringMatching(/^p\d+$/),
        enforce_nonce: true,
        allowed_mentions: { parse: [] },
      });

    // Which DM channel is Amy's: the one Discord opened for her.
    const opened = fake.calls.find((c) => c.path === '/users/@me/channels' && obj(c.body).recipient_id === amy.user.id);
    const amyChannel = String(obj(opened?.response).id);
    const amyPrompt = prompts.map(messageOf).find((m) => m.channel_id === amyChannel);
    if (!amyPrompt) throw new Error('no prompt reached Amy');
    const shared = customIds(amyPrompt)[0] ?? '';
    // Buttons in a direct message arrive without a server.
    expect(shown(await h.click(shared, amyPrompt, ben, amyChannel, { guild: false }))).toContain(
      'was for someone else',
    );
    expect(shown(await h.click(shared, amyPrompt, amy, amyChannel, { guild: false }))).toContain('Thank you');
    // A slash command in a direct message is still refused.
    const dmCommand = chatInput({
      name: 'ambassador',
      options: [{ type: 1, name: 'stats' }],
      channelId: amyChannel,
      ...amy,
    });
    expect(shown(await h.interact(dmCommand))).toContain('inside a workspace');
  });
});
