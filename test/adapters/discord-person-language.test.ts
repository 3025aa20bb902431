import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { obj } from '../fakes/discord/json.ts';
import { customIds, messageOf, shown } from '../fakes/discord-calls.ts';
import { reviewDesk } from '../support/discord-desk.ts';
import { type DiscordHarness, type Options, startDiscordHarness } from '../support/discord-harness.ts';

/**
 * Each person's own language on Discord, in a French workspace: a member whose client is in
 * English gets her share prompt, invitation and author notes in English, remembered from her last
 * interaction (the worker sends them later, with no interaction at hand); the cards and threads
 * in the review channel stay French, and so does everything sent to a French-speaking member.
 */

const desk = reviewDesk('87');
const { GUILD, GENERAL, REVIEW, admin, reviewer } = desk;
const amy = { ...desk.person(503, 'amy'), locale: 'en-US' };
const zoe = { ...desk.person(504, 'zoe'), locale: 'fr' };
const author = { ...desk.author, locale: 'en-GB' };
const frAdmin = { ...admin, locale: 'fr' };
const frReviewer = { ...reviewer, locale: 'fr' };

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
  const config: Options = [
    { type: 7, name: 'review-channel', value: REVIEW },
    { type: 3, name: 'reviewers', value: `<@${reviewer.user.id}>` },
    { type: 3, name: 'language', value: 'fr' },
  ];
  await h.command('relais', 'config', config, frAdmin);
  for (const who of [amy, zoe]) {
    await h.command('ambassador', 'join', [], who);
    await h.command('ambassador', 'hours', [{ type: 3, name: 'hours', value: '00:00-24:00 mon-sun UTC' }], who);
  }
});

afterAll(async () => {
  await h?.close();
});

/** The messages Relais posted in a channel, as Discord received them. */
const postsIn = (channelId: string) =>
  h.fake.calls
    .filter((c) => c.method === 'POST' && c.path === `/channels/${channelId}/messages`)
    .map((c) => JSON.stringify(c.body));

/** The DM channel Discord opened for a person. */
const dmOf = (userId: string) => {
  const opened = h.fake.calls.find((c) => c.path === '/users/@me/channels' && obj(c.body).recipient_id === userId);
  return opened ? String(obj(opened.response).id) : null;
};
const dmsTo = (userId: string) => {
  const channel = dmOf(userId);
  return channel ? postsIn(channel) : [];
};

describe('each person’s own language on Discord', () => {
  it('prompts an English-speaking member in English and a French-speaking one in French; cards stay French', async () => {
    expect(
      shown(await h.command('draft', 'new', [{ type: 3, name: 'text', value: 'Grande nouvelle #acme' }], author)),
    ).toContain('D-1 is submitted');
    await h.relais.flushOutbox();
    const card = messageOf(
      await h.fake.waitForCall((c) => c.method === 'POST' && c.path === `/channels/${REVIEW}/messages`),
    );
    // The review card is the channel's: in the workspace's language.
    expect(JSON.stringify(card)).toContain('brouillon');
    const approve = customIds(card)[0] ?? '';
    await h.click(approve, card, frReviewer, REVIEW);
    const draftId = approve.split('|')[1]?.split(':')[0];
    await h.submit(`draft:publish|${draftId}:1`, { urls: 'https://www.linkedin.com/feed/update/7' }, author, REVIEW);
    await h.relais.flushOutbox();

    const amyPrompt = dmsTo(amy.user.id).find((m) => m.includes('Grande nouvelle'));
    expect(amyPrompt).toContain('A post is live: D-1');
    expect(amyPrompt).toContain('I shared it');
    expect(amyPrompt).not.toContain('Un post est en ligne');
    const zoePrompt = dmsTo(zoe.user.id).find((m) => m.includes('Grande nouvelle'));
    expect(zoePrompt).toContain('Un post est en ligne\u00a0: D-1');
    expect(zoePrompt).toContain('Je l’ai partagé');
    expect(zoePrompt).toContain('Lien\u00a0: ');

    // The note to the English-speaking author is in English; the thread stays French.
    expect(dmsTo(author.user.id).join('\n')).toContain('Your draft D-1 is approved.');
    const dms = new Set([author, amy, zoe].map((p) => dmOf(p.user.id)));
    const channelPosts = h.fake.calls
      .filter((c) => c.method === 'POST' && /^\/channels\/(\d+)\/messages$/.test(c.path))
      .filter((c) => !dms.has(c.path.split('/')[2] ?? ''))
      .map((c) => JSON.stringify(c.body));
    expect(channelPosts.join('\n')).toContain('a validé la révision 1');
    expect(channelPosts.join('\n')).not.toContain('approved revision');
  });

  it('invites each person in their own language', async () => {
    await h.command('ambassador', 'invite', [{ type: 3, name: 'person', value: `<@${author.user.id}>` }], frAdmin);
    await h.relais.flushOutbox();
    const invitation = dmsTo(author.user.id).find((m) => m.includes('ambassador'));
    expect(invitation).toContain('invites you to be an ambassador');
  });
});
