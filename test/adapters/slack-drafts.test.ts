import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postSigned, viewSubmissionBody } from '../fakes/slack-requests.ts';
import { buttonsOf, initialValueOf, type SlackHarness, said, startSlackHarness } from '../support/slack-harness.ts';

/** From /draft to approved to published, through the real Bolt app and a fake Slack Web API. */

const TEAM = 'T0DRAFTS';
const REVIEW = 'C0REVIEW';
let h: SlackHarness;
let fake: SlackHarness['fake'];
let relais: SlackHarness['relais'];
let events: string;
let SECRET: string;

beforeAll(async () => {
  h = await startSlackHarness({
    team: TEAM,
    fake: {
      users: [
        { id: 'UADMIN', is_admin: true, locale: 'en-US' },
        { id: 'UAUTHOR', locale: 'en-US' },
        { id: 'UREVIEW', locale: 'en-US' },
        { id: 'UOTHER', locale: 'en-US' },
        { id: 'UCOMMS', locale: 'en-US' },
      ],
      usergroups: { S0COMMS: ['UCOMMS'] },
    },
  });
  ({ fake, relais, events, secret: SECRET } = h);
  const setup = await slash(
    '/relais',
    'UADMIN',
    `config review-channel <#${REVIEW}|review> reviewers <@UREVIEW> language en`,
  );
  expect(said(await answer(setup.id))).toContain('Saved');
});

afterAll(async () => h?.close());

async function slash(
  command: string,
  userId: string,
  text: string,
  opts: { triggerId?: string; retryNum?: number } = {},
) {
  const sent = await h.slash(command, userId, text, opts);
  expect(sent.res.status).toBe(200);
  expect(sent.res.ms).toBeLessThan(3000);
  return sent;
}

const answer = (id: string) => h.answer(id);

async function click(userId: string, actionId: string, triggerId?: string) {
  const sent = await h.click(userId, actionId, REVIEW, triggerId);
  expect(sent.res.status).toBe(200);
  return sent;
}

const cardPosts = () =>
  fake.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === REVIEW && !c.args.thread_ts);

async function draftRow(number: number) {
  const ws = await relais.deps.store.ensureWorkspace({ platform: 'slack', externalId: TEAM });
  return relais.deps.store.drafts.byNumber(ws.id, number);
}

describe('drafts on Slack', () => {
  let cardTs: string;
  let approve: string;

  it('submits /draft <text> once, even when Slack retries the same command, and posts one review card', async () => {
    const first = await slash('/draft', 'UAUTHOR', 'Our spring release is live! https://acme.example/spring #acme', {
      triggerId: 'trigger-draft-1',
    });
    expect(said(await answer(first.id))).toContain('D-1 is submitted');
    const retry = await slash('/draft', 'UAUTHOR', 'Our spring release is live! https://acme.example/spring #acme', {
      triggerId: 'trigger-draft-1',
      retryNum: 1,
    });
    expect(said(await answer(retry.id))).toContain('already received');
    const card = await fake.waitForCall((c) => c.method === 'chat.postMessage' && c.args.channel === REVIEW);
    await relais.flushOutbox();
    expect(cardPosts()).toHaveLength(1);
    expect(await draftRow(2)).toBeNull();
    expect(said(card.args)).toContain('Our spring release is live!');
    expect(buttonsOf(card.args).map((a) => a.split('|')[0])).toEqual([
      'draft:approve',
      'draft:changes',
      'draft:reject',
      'draft:edit',
    ]);
    approve = buttonsOf(card.args)[0]!;
    cardTs = (await draftRow(1))!.card!.id;
  });

  it('refuses approval from a non-reviewer and from the author, privately, changing nothing', async () => {
    const outsider = await click('UOTHER', approve);
    expect(said(await answer(outsider.id))).toContain('not a reviewer');
    const author = await click('UAUTHOR', approve);
    expect(said(await answer(author.id))).toContain('cannot review your own draft');
    expect((await draftRow(1))?.state).toBe('in_review');
  });

  it('approves once on a double click, then updates the card, writes in its thread and tells the author', async () => {
    const [a, b] = await Promise.all([click('UREVIEW', approve), click('UREVIEW', approve)]);
    const answers = [said(await answer(a.id)), said(await answer(b.id))].sort();
    expect(answers.filter((s) => s.includes('You approved D-1'))).toHaveLength(1);
    expect((await draftRow(1))?.state).toBe('approved');
    await relais.flushOutbox();
    const update = await fake.waitForCall(
      (c) => c.method === 'chat.update' && c.args.ts === cardTs && said(c.args).includes('approved, waiting'),
    );
    expect(buttonsOf(update.args).map((x) => x.split('|')[0])).toEqual(['draft:publish', 'draft:edit']);
    const thread = fake.calls.filter((c) => c.method === 'chat.postMessage' && c.args.thread_ts === cardTs);
    expect(thread.map((c) => said(c.args))).toEqual([expect.stringContaining('approved revision 1 (1/1)')]);
    await fake.waitForCall(
      (c) =>
        c.method === 'chat.postMessage' && c.args.channel === 'UAUTHOR' && said(c.args).includes('D-1 is approved'),
    );
  });

  it('takes the live URL with Mark as published', async () => {
    const update = fake.calls.filter((c) => c.method === 'chat.update' && c.args.ts === cardTs).at(-1)!;
    const publish = buttonsOf(update.args)[0]!;
    const { triggerId } = await click('UAUTHOR', publish);
    const view = await h.opened(triggerId);
    const submit = await postSigned(
      events,
      SECRET,
      viewSubmissionBody({
        callbackId: view.callback_id ?? '',
        privateMetadata: view.private_metadata ?? '',
        userId: 'UAUTHOR',
        teamId: TEAM,
        values: { urls: { urls: { type: 'plain_text_input', value: 'https://www.linkedin.com/feed/update/123' } } },
      }),
    );
    expect(submit.body).toBe('');
    expect(await draftRow(1)).toMatchObject({
      state: 'published',
      publishedUrls: ['https://www.linkedin.com/feed/update/123'],
    });
    await relais.flushOutbox();
    await fake.waitForCall(
      (c) =>
        c.method === 'chat.update' && c.args.ts === cardTs && said(c.args).includes('linkedin.com/feed/update/123'),
    );
  });

  it('answers bad input privately and creates nothing', async () => {
    const cases: [string, string][] = [
      ['x'.repeat(100_000), 'too long'],
      ['hello\u0007world', 'control characters'],
      ['show D-999', 'No draft D-999'],
      ['show nonsense', 'not a draft reference'],
      ['withdraw D-1', 'published: that is no longer possible'],
    ];
    for (const [text, expected] of cases) {
      const { id } = await slash('/draft', 'UAUTHOR', text);
      const body = await answer(id);
      expect(body.response_type, text.slice(0, 20)).toBe('ephemeral');
      expect(said(body), text.slice(0, 20)).toContain(expected);
    }
    expect(await draftRow(2)).toBeNull();
    const forged = await click('UREVIEW', 'draft:approve|not-a-draft');
    expect(said(await answer(forged.id))).toContain('no longer valid');
  });

  it('keeps text from a draft inert: no broadcast, no link markup', async () => {
    const { id } = await slash(
      '/draft',
      'UAUTHOR',
      'Hey <!channel> <!everyone> see <https://evil.example|our site> *now*',
    );
    expect(said(await answer(id))).toContain('D-2 is submitted');
    await relais.flushOutbox();
    const card = cardPosts().at(-1)!;
    const json = JSON.stringify(card.args.blocks);
    expect(json).not.toContain('"mrkdwn"');
    expect(json).not.toMatch(/"type":"(broadcast|link)"/);
    expect(json).toContain('<!channel>'); // shown as the literal text the author typed
  });

  it('lists my drafts, my review queue and a draft’s history', async () => {
    expect(said(await answer((await slash('/draft', 'UAUTHOR', 'list')).id))).toMatch(
      /D-2.*in review[\s\S]*D-1.*published/,
    );
    expect(said(await answer((await slash('/draft', 'UREVIEW', 'queue')).id))).toContain('D-2');
    expect(said(await answer((await slash('/draft', 'UOTHER', 'queue')).id))).toContain('Nothing waits');
    const history = said(await answer((await slash('/draft', 'UOTHER', 'show D-1')).id));
    expect(history).toMatch(/submitted[\s\S]*approved[\s\S]*published/);
  });

  it('refuses an approval of an old revision after an edit, and edits only by the author', async () => {
    const d2 = (await draftRow(2))!;
    const oldApprove = `draft:approve|${d2.id}:1`;
    const notMine = await click('UREVIEW', `draft:edit|${d2.id}:1`);
    expect(said(await answer(notMine.id))).toContain('Only the author of D-2');
    const edit = await click('UAUTHOR', `draft:edit|${d2.id}:1`);
    const open = await h.opened(edit.triggerId);
    expect(initialValueOf(open, 'text')).toContain('Hey <!channel>');
    const saved = await postSigned(
      events,
      SECRET,
      viewSubmissionBody({
        callbackId: 'draft:edit',
        privateMetadata: open.private_metadata ?? '',
        userId: 'UAUTHOR',
        teamId: TEAM,
        values: {
          text: { text: { type: 'plain_text_input', value: 'A calmer version #acme' } },
          networks: { networks: { type: 'multi_static_select', selected_options: [{ value: 'linkedin' }] } },
          planned: { planned: { type: 'plain_text_input', value: null } },
          links: { links: { type: 'plain_text_input', value: null } },
          note: { note: { type: 'plain_text_input', value: null } },
        },
      }),
    );
    expect(saved.body).toBe('');
    expect(said(await answer(edit.id))).toContain('D-2 is now at revision 2');
    const stale = await click('UREVIEW', oldApprove);
    expect(said(await answer(stale.id))).toContain('D-2 changed since (now revision 2)');
    expect(await relais.deps.store.drafts.reviews(d2.id)).toEqual([]);
  });

  it('rejects with a reason sent to the author, and lets the author clone the draft to try again', async () => {
    const d2 = (await draftRow(2))!;
    const reject = await click('UREVIEW', `draft:reject|${d2.id}:2`);
    const open = await h.opened(reject.triggerId);
    const empty = await postSigned(
      events,
      SECRET,
      viewSubmissionBody({
        callbackId: 'draft:reject',
        privateMetadata: open.private_metadata ?? '',
        userId: 'UREVIEW',
        teamId: TEAM,
        values: { reason: { reason: { type: 'plain_text_input', value: '   ' } } },
      }),
    );
    expect(JSON.parse(empty.body)).toMatchObject({ response_action: 'errors', errors: { reason: expect.any(String) } });
    await postSigned(
      events,
      SECRET,
      viewSubmissionBody({
        callbackId: 'draft:reject',
        privateMetadata: open.private_metadata ?? '',
        userId: 'UREVIEW',
        teamId: TEAM,
        values: { reason: { reason: { type: 'plain_text_input', value: 'Not the right week' } } },
      }),
    );
    expect((await draftRow(2))?.state).toBe('rejected');
    await relais.flushOutbox();
    await fake.waitForCall(
      (c) =>
        c.method === 'chat.postMessage' && c.args.channel === 'UAUTHOR' && said(c.args).includes('Not the right week'),
    );
    const clone = await slash('/draft', 'UAUTHOR', 'clone D-2');
    expect(said(await answer(clone.id))).toContain('D-3 is submitted');
    expect((await draftRow(3))?.content.text).toBe('A calmer version #acme');
  });

  it('answers a tampered form submission privately and changes nothing', async () => {
    const res = await postSigned(
      events,
      SECRET,
      viewSubmissionBody({
        callbackId: 'draft:edit',
        privateMetadata: '{"c":"C0GENERAL","r":null,"s":"not-a-uuid"}',
        userId: 'UAUTHOR',
        teamId: TEAM,
        values: { text: { text: { type: 'plain_text_input', value: 'x' } } },
      }),
    );
    expect(res.status).toBe(200);
    const garbage = await postSigned(
      events,
      SECRET,
      viewSubmissionBody({
        callbackId: 'draft:new',
        privateMetadata: '}{',
        userId: 'UAUTHOR',
        teamId: TEAM,
        values: { text: { text: { type: 'plain_text_input', value: 'x' } } },
      }),
    );
    expect(garbage.status).toBe(200);
    expect(await draftRow(4)).toBeNull();
  });

  it('lets members of the reviewer user group review, and no one else', async () => {
    const setup = await slash('/relais', 'UADMIN', 'config reviewers none reviewer-group <!subteam^S0COMMS|@comms>');
    expect(said(await answer(setup.id))).toContain('Saved');
    const { id } = await slash('/draft', 'UAUTHOR', 'Group-reviewed post #acme');
    expect(said(await answer(id))).toMatch(/D-\d+ is submitted/);
    await relais.flushOutbox();
    const card = cardPosts().at(-1)!;
    const approve = buttonsOf(card.args)[0]!;
    expect(said(await answer((await click('UREVIEW', approve)).id))).toContain('not a reviewer');
    expect(said(await answer((await click('UCOMMS', approve)).id))).toMatch(/You approved D-\d+/);
    expect(fake.calls.some((c) => c.method === 'usergroups.users.list' && c.args.usergroup === 'S0COMMS')).toBe(true);
  });

  it('reads /draft text as Slack sends it: R&D on the card, in the length count and in the draft', async () => {
    // Slack escapes the &, < and > people type, and sends real links as <url|label>, escaped inside too.
    const sent = 'labo R&amp;D &lt;b&gt; &lt;!channel&gt; <https://acme.example/a?x=1&amp;y=2> &amp;amp;';
    const typed = 'labo R&D <b> <!channel> https://acme.example/a?x=1&y=2 &amp;';
    const { id } = await slash('/draft', 'UAUTHOR', sent);
    const ref = /D-(\d+) is submitted/.exec(said(await answer(id)))?.[1];
    const draft = await draftRow(Number(ref));
    expect(draft?.content.text).toBe(typed);
    await relais.flushOutbox();
    const card = cardPosts().at(-1);
    expect(said(card?.args ?? {})).toContain(JSON.stringify(typed).slice(1, -1));
    expect(said(card?.args ?? {})).toContain(`LinkedIn ${typed.length}/`);
    // In the notification text, Slack's own escaping again, exactly once.
    expect(card?.args.text).toContain('labo R&amp;D &lt;b&gt; &lt;!channel&gt;');
  });
});
