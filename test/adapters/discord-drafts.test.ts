import type { APIMessage } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { obj } from '../fakes/discord/json.ts';
import { customIds, isPrivate, messageOf, modal, modalInputs, sent, shown } from '../fakes/discord-calls.ts';
import { reviewDesk, startReviewDesk } from '../support/discord-desk.ts';
import type { DiscordHarness, Options, Who } from '../support/discord-harness.ts';

/** From /draft to approved to published, through the real discord.js client and a fake Discord. */

const desk = reviewDesk('82');
const { REVIEW, admin, author, reviewer } = desk;

let h: DiscordHarness;

beforeAll(async () => {
  const started = await startReviewDesk(desk, { roles: [{ id: '820000000000000900', name: 'comms' }] });
  h = started.h;
  const setup = started.setup;
  expect(JSON.stringify(setup.body)).toContain('Saved');
});

afterAll(async () => {
  await h?.close();
});

const draftCmd = (sub: string, options: Options, who: Who) => h.command('draft', sub, options, who);

describe('drafts on Discord', () => {
  let card: APIMessage;

  it('opens the draft form with /draft new and no text', async () => {
    const call = await draftCmd('new', [], author);
    expect(call.body).toMatchObject({ type: 9 });
    expect(modalInputs(modal(call)).map((i) => i.custom_id)).toEqual(['text', 'networks', 'planned', 'links', 'note']);
  });

  it('submits from the form and posts the review card in the review channel', async () => {
    const submit = await h.submit(
      'draft:new|',
      {
        text: 'Spring launch @everyone! #acme',
        networks: 'linkedin, mastodon',
        planned: '',
        links: 'https://acme.example/spring',
        note: '#spring please check the date',
      },
      author,
    );
    expect(isPrivate(submit)).toBe(true);
    expect(shown(submit)).toContain('D-1 is submitted');
    await h.relais.flushOutbox();
    const post = await h.fake.waitForCall((c) => c.method === 'POST' && c.path === `/channels/${REVIEW}/messages`);
    expect(sent(post).allowed_mentions).toEqual({ parse: [] });
    expect(JSON.stringify(sent(post).embeds)).not.toContain('@everyone');
    expect(JSON.stringify(sent(post).embeds)).toContain('Spring launch');
    card = messageOf(post);
    expect(customIds(card).map((b) => b.split('|')[0])).toEqual([
      'draft:approve',
      'draft:changes',
      'draft:reject',
      'draft:edit',
    ]);
  });

  it('refuses the author’s own approval and approves for the reviewer, then threads and notifies', async () => {
    const approve = customIds(card)[0] ?? '';
    const own = await h.click(approve, card, author, REVIEW);
    expect(shown(own)).toContain('cannot review your own draft');
    const ok = await h.click(approve, card, reviewer, REVIEW);
    expect(isPrivate(ok)).toBe(true);
    expect(shown(ok)).toContain('You approved D-1');
    await h.relais.flushOutbox();
    await h.fake.waitForCall(
      (c) =>
        c.method === 'PATCH' &&
        c.path === `/channels/${REVIEW}/messages/${card.id}` &&
        JSON.stringify(c.body).includes('approved, waiting'),
    );
    await h.fake.waitForCall(
      (c) =>
        c.method === 'POST' &&
        c.path === `/channels/${REVIEW}/messages/${card.id}/threads` &&
        obj(c.body).name === 'D-1',
    );
    await h.fake.waitForCall(
      (c) =>
        c.method === 'POST' &&
        c.path === `/channels/${card.id}/messages` &&
        JSON.stringify(c.body).includes('approved revision 1'),
    );
    await h.fake.waitForCall(
      (c) => c.method === 'POST' && c.path === '/users/@me/channels' && obj(c.body).recipient_id === author.user.id,
    );
  });

  it('marks it published with the live URL', async () => {
    const patched = h.fake.calls
      .filter((c) => c.method === 'PATCH' && c.path === `/channels/${REVIEW}/messages/${card.id}`)
      .at(-1);
    if (!patched) throw new Error('the card was never updated');
    const publish = customIds(sent(patched)).find((b) => b.startsWith('draft:publish')) ?? '';
    const opened = await h.click(publish, messageOf(patched), author, REVIEW);
    expect(opened.body).toMatchObject({ type: 9 });
    const done = await h.submit(modal(opened).custom_id, { urls: 'https://mastodon.social/@acme/1' }, author, REVIEW);
    expect(shown(done)).toContain('D-1 is marked as published');
    const ws = await h.workspace();
    expect(await h.relais.deps.store.drafts.byNumber(ws.id, 1)).toMatchObject({
      state: 'published',
      publishedUrls: ['https://mastodon.social/@acme/1'],
    });
  });

  it('answers a malformed button or form privately and changes nothing', async () => {
    const forged = await h.click('draft:approve|garbage', card, reviewer, REVIEW);
    expect(shown(forged)).toContain('no longer valid');
    const bad = await h.submit(
      'draft:new|',
      { text: 'Hi', networks: 'myspace', planned: '', links: '', note: '' },
      author,
    );
    expect(isPrivate(bad)).toBe(true);
    expect(shown(bad)).toContain('myspace');
    const empty = await h.submit('draft:new|', { text: '   ', networks: '', planned: '', links: '', note: '' }, author);
    expect(shown(empty)).toContain('The draft text is empty');
    const past = await h.submit(
      'draft:new|',
      { text: 'Hi', networks: '', planned: '2020-01-01 10:00', links: '', note: '' },
      author,
    );
    expect(shown(past)).toContain('in the past');
    const ws = await h.workspace();
    expect(await h.relais.deps.store.drafts.byNumber(ws.id, 2)).toBeNull();
  });

  it('lets members of the reviewer role review, and no one else', async () => {
    const ROLE = '820000000000000900';
    await h.command(
      'relais',
      'config',
      [
        { type: 3, name: 'reviewers', value: 'none' },
        { type: 3, name: 'reviewer-group', value: `<@&${ROLE}>` },
      ],
      admin,
    );
    const submitted = await draftCmd('new', [{ type: 3, name: 'text', value: 'Role-reviewed post #acme' }], author);
    expect(shown(submitted)).toContain('D-2 is submitted');
    await h.relais.flushOutbox();
    const post = await h.fake.waitForCall(
      (c) =>
        c.method === 'POST' &&
        c.path === `/channels/${REVIEW}/messages` &&
        JSON.stringify(c.body).includes('Role-reviewed'),
    );
    const roleCard = messageOf(post);
    const approve = customIds(roleCard)[0] ?? '';
    const outsider = await h.click(approve, roleCard, reviewer, REVIEW);
    expect(shown(outsider)).toContain('not a reviewer');
    const remy: Who = { ...reviewer, user: { id: '820000000000000503', username: 'remy' }, roles: [ROLE] };
    const member = await h.click(approve, roleCard, remy, REVIEW);
    expect(shown(member)).toContain('You approved D-2');
  });
});
