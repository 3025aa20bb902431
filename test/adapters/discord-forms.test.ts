import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedCall } from '../fakes/discord/recorded.ts';
import { customIds, isPrivate, messageOf, modal, modalInputs, reply, sent, shown } from '../fakes/discord-calls.ts';
import { reviewDesk, startReviewDesk } from '../support/discord-desk.ts';
import type { DiscordHarness, Who } from '../support/discord-harness.ts';

/**
 * Discord closes a modal on submit: a form with problems is answered privately with each problem
 * and a "Fix it" button that opens the form again, filled with what was typed; through real discord.js.
 */

const desk = reviewDesk('87');
const { REVIEW, admin, author, reviewer, GENERAL } = desk;
let h: DiscordHarness;

beforeAll(async () => {
  ({ h } = await startReviewDesk(desk));
  const charter = await h.command(
    'relais',
    'config',
    [
      { type: 3, name: 'forbidden-terms', value: 'crypto' },
      { type: 3, name: 'networks', value: 'facebook' },
    ],
    admin,
  );
  expect(shown(charter)).toContain('Saved');
});

afterAll(async () => h?.close());

const blank = { text: '', networks: '', planned: '', links: '', note: '' };

/** The "Fix it" button of a private answer, clicked by `who`. */
async function fixIt(answer: RecordedCall, who: Who, channelId = GENERAL) {
  const data = reply(answer);
  const button = customIds(data).find((id) => id.startsWith('form:reopen|'));
  if (!button) throw new Error(`no Fix it button in ${shown(answer).slice(0, 300)}`);
  expect(JSON.stringify(data.components)).toContain('Fix it');
  return h.click(button, { ...data, id: '870000000000009999', channel_id: channelId }, who, channelId);
}

const typedIn = (opened: RecordedCall, id: string) => modalInputs(modal(opened)).find((i) => i.custom_id === id)?.value;

async function draftCount() {
  const ws = await h.workspace();
  let n = 0;
  while (await h.relais.deps.store.drafts.byNumber(ws.id, n + 1)) n++;
  return n;
}

describe('draft form problems on Discord', () => {
  it('answers each problem privately with a button that reopens the form filled, and creates nothing', async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ ...blank, text: 'x'.repeat(300), networks: 'x' }, /X: 300\/280/],
      [{ ...blank, text: 'Buy crypto today', networks: 'linkedin' }, /Forbidden term: “crypto”/],
      [{ ...blank, text: '   ', note: 'keep this note' }, /The draft text is empty/],
      [{ ...blank, text: 'Our launch', planned: 'next week' }, /YYYY-MM-DD HH:mm/],
      [{ ...blank, text: 'Our launch', planned: '2001-02-03 10:00' }, /in the past/],
      [{ ...blank, text: 'Our launch', links: 'acme dot example' }, /“acme” is not a web address/],
    ];
    for (const [typed, problem] of cases) {
      const answer = await h.submit('draft:new|', typed, author);
      expect(isPrivate(answer)).toBe(true);
      expect(shown(answer)).toMatch(problem);
      expect(shown(answer)).toContain('Nothing was saved');
      const opened = await fixIt(answer, author);
      expect(modal(opened).custom_id).toBe('draft:new|');
      for (const [field, value] of Object.entries(typed))
        if (value.trim()) expect(typedIn(opened, field), field).toBe(value);
    }
    expect(await draftCount()).toBe(0);
  });

  it('opens what was typed for its author only', async () => {
    const answer = await h.submit('draft:new|', { ...blank, text: 'Secret plans', planned: 'soon' }, author);
    const other = await fixIt(answer, reviewer);
    expect(shown(other)).toContain('no longer kept');
    expect(JSON.stringify(other.body)).not.toContain('Secret plans');
  });

  it('says the form’s limit on the text input and takes a 5,000-character post with /draft new text', async () => {
    const opened = await h.command('draft', 'new', [], author);
    const text = modalInputs(modal(opened)).find((i) => i.custom_id === 'text');
    expect(text?.max_length).toBe(4000);
    expect(text?.placeholder).toContain('At most 4,000 characters here');
    const long = 'Long Facebook story. '.repeat(240).trim();
    expect(long.length).toBeGreaterThan(5000);
    // Facebook is the workspace's default network here.
    const done = await h.command('draft', 'new', [{ type: 3, name: 'text', value: long }], author);
    expect(shown(done)).toContain('D-1 is submitted');
    const ws = await h.workspace();
    expect((await h.relais.deps.store.drafts.byNumber(ws.id, 1))?.content.text).toBe(long);

    // Its Edit button does not open a form that would cut it.
    await h.relais.flushOutbox();
    const post = await h.fake.waitForCall((c) => c.method === 'POST' && c.path === `/channels/${REVIEW}/messages`);
    const card = messageOf(post);
    const edit = await h.click(customIds(card).find((b) => b.startsWith('draft:edit')) ?? '', card, author, REVIEW);
    expect(shown(edit)).toMatch(/D-1 has 5,0\d\d characters, more than this form takes \(4,000\)/);
  });

  it('refuses a bad live URL with a button that reopens Mark as published, and leaves the draft approved', async () => {
    await h.relais.flushOutbox();
    const post = await h.fake.waitForCall((c) => c.method === 'POST' && c.path === `/channels/${REVIEW}/messages`);
    const card = messageOf(post);
    await h.click(customIds(card)[0] ?? '', card, reviewer, REVIEW);
    await h.relais.flushOutbox();
    const patched = await h.fake.waitForCall(
      (c) =>
        c.method === 'PATCH' &&
        c.path === `/channels/${REVIEW}/messages/${card.id}` &&
        customIds(sent(c)).some((id) => id.startsWith('draft:publish')),
    );
    const publish = customIds(sent(patched)).find((b) => b.startsWith('draft:publish')) ?? '';
    const form = await h.click(publish, messageOf(patched), author, REVIEW);
    const answer = await h.submit(modal(form).custom_id, { urls: 'facebook.com/acme/1' }, author, REVIEW);
    expect(shown(answer)).toContain('“facebook.com/acme/1” is not a web address');
    const again = await fixIt(answer, author, REVIEW);
    expect(modal(again).custom_id).toBe(modal(form).custom_id);
    expect(typedIn(again, 'urls')).toBe('facebook.com/acme/1');
    const ws = await h.workspace();
    expect((await h.relais.deps.store.drafts.byNumber(ws.id, 1))?.state).toBe('approved');
  });

  it('reopens a settings form with what the admin typed when a value is out of range', async () => {
    const answer = await h.submit('config:review|', { approvals: '99', 'review-delay': '24' }, admin);
    expect(shown(answer)).toContain('between 1 and 10');
    const opened = await fixIt(answer, admin);
    expect(modal(opened).custom_id).toBe('config:review|');
    expect(typedIn(opened, 'approvals')).toBe('99');
    expect(typedIn(opened, 'review-delay')).toBe('24');
  });
});
