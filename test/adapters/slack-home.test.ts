import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackCall } from '../fakes/slack-fake.ts';
import { blockActionsBody, eventCallbackBody, postSigned } from '../fakes/slack-requests.ts';
import { buttonsOf, type SlackHarness, said, startSlackHarness } from '../support/slack-harness.ts';

/** The App Home tab: each person's desk, through the real Bolt app and a fake Slack Web API. */

const TEAM = 'T0HOME';
const REVIEW = 'C0REVIEW';
/** Longer than the quiet time the App Home waits after the last change before publishing. */
const SETTLE_MS = 1600;
let h: SlackHarness;
let fake: SlackHarness['fake'];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Until no desk has been published for a while: what earlier changes asked for is out. */
async function settle(): Promise<void> {
  for (let n = -1; n !== fake.callsTo('views.publish').length; ) {
    n = fake.callsTo('views.publish').length;
    await sleep(SETTLE_MS);
  }
}

beforeAll(async () => {
  h = await startSlackHarness({
    team: TEAM,
    fake: {
      users: [
        { id: 'UADMIN', is_admin: true, locale: 'en-US' },
        { id: 'UAUTHOR', locale: 'en-US' },
        { id: 'UREV1', locale: 'en-US' },
        { id: 'UREV2', locale: 'fr-FR' },
        { id: 'UAMB', locale: 'en-US' },
        { id: 'UMANY', locale: 'en-US' },
        { id: 'UCOMMS', locale: 'en-US' },
      ],
      usergroups: { S0COMMS: ['UCOMMS'] },
    },
  });
  fake = h.fake;
  const setup = await h.slash(
    '/relais',
    'UADMIN',
    `config review-channel <#${REVIEW}|review> reviewers <@UREV1> <@UREV2> approvals 2 language en timezone Europe/Paris`,
  );
  expect(said(await h.answer(setup.id))).toContain('Saved');
}, 30_000);

afterAll(async () => h?.close());

const publishes = (from: number, userId?: string) =>
  fake
    .callsTo('views.publish')
    .slice(from)
    .filter((c) => !userId || c.args.user_id === userId);

/** The next desk published for this person after `from` publishes. */
async function nextDesk(userId: string, from: number): Promise<SlackCall> {
  const mark = fake.calls.filter((c) => c.method === 'views.publish').slice(0, from);
  return fake.waitForCall((c) => c.method === 'views.publish' && c.args.user_id === userId && !mark.includes(c), 8000);
}

async function openHome(userId: string, tab: 'home' | 'messages' = 'home') {
  const res = await postSigned(
    h.events,
    h.secret,
    eventCallbackBody({
      teamId: TEAM,
      botUserId: fake.botUserId,
      event: { type: 'app_home_opened', user: userId, channel: `D${userId}`, tab },
    }),
  );
  expect(res.status).toBe(200);
}

async function clickInHome(userId: string, actionId: string, home: SlackCall) {
  const res = await postSigned(
    h.events,
    h.secret,
    blockActionsBody({
      actionId,
      value: actionId.split('|')[1],
      userId,
      teamId: TEAM,
      responseUrl: fake.responseUrl(),
      view: { id: `V${userId}`, type: 'home', blocks: home.args.view?.blocks ?? [], state: { values: {} } },
    }),
  );
  expect(res.status).toBe(200);
}

const viewOf = (c: SlackCall) => ({ blocks: c.args.view?.blocks ?? [] });
const workspace = () => h.relais.deps.store.ensureWorkspace({ platform: 'slack', externalId: TEAM });

describe('the App Home tab on Slack', () => {
  it('publishes the desk when the Home tab is opened: drafts and what each waits for, the review queue with its buttons', async () => {
    const sent = await h.slash('/draft', 'UAUTHOR', 'Spring is here: our new collection is live');
    expect(said(await h.answer(sent.id))).toContain('D-1 is submitted');
    await settle();

    const from = fake.callsTo('views.publish').length;
    await openHome('UAUTHOR', 'messages');
    await openHome('UAUTHOR');
    const desk = viewOf(await nextDesk('UAUTHOR', from));
    expect(said(desk)).toContain('Your drafts');
    expect(said(desk)).toContain('D-1');
    expect(said(desk)).toContain('Waiting for review: 0/2 approvals');
    expect(said(desk)).toContain('Nothing waits for your review');
    expect(buttonsOf(desk)).toEqual([]);
    // Only the Home tab is published, once.
    await sleep(300);
    expect(publishes(from)).toHaveLength(1);

    await openHome('UREV1');
    const queue = viewOf(await nextDesk('UREV1', from));
    expect(said(queue)).toContain('Waiting for your review');
    expect(said(queue)).toContain('Spring is here');
    expect(buttonsOf(queue).map((a) => a.split('|')[0])).toEqual(['draft:approve', 'draft:changes', 'draft:reject']);

    // In the reader's language.
    await openHome('UREV2');
    expect(said(viewOf(await nextDesk('UREV2', from)))).toContain('À relire');
  });

  it('approves from the Home tab through the review card’s path: card updated, the author’s desk republished', async () => {
    let from = fake.callsTo('views.publish').length;
    await openHome('UREV1');
    const home1 = await nextDesk('UREV1', from);
    await clickInHome('UREV1', buttonsOf(viewOf(home1))[0]!, home1);
    await h.relais.flushOutbox();
    const ws = await workspace();
    const draft = await h.relais.deps.store.drafts.byNumber(ws.id, 1);
    await fake.waitForCall(
      (c) => c.method === 'chat.update' && c.args.ts === draft?.card?.id && said(c.args).includes('1/2'),
    );
    // The answer to the click goes to the reviewer's messages with Relais (a Home tab has no thread).
    await fake.waitForCall(
      (c) => c.method === 'chat.postMessage' && c.args.channel === 'UREV1' && said(c.args).includes('You approved D-1'),
    );
    // The author's desk says so; the reviewer's queue no longer holds it.
    expect(said(viewOf(await nextDesk('UAUTHOR', from)))).toContain('1/2 approvals');
    expect(said(viewOf(await nextDesk('UREV1', from + 1)))).toContain('Nothing waits for your review');

    await settle();
    from = fake.callsTo('views.publish').length;
    await openHome('UREV2');
    const home2 = await nextDesk('UREV2', from);
    await clickInHome('UREV2', buttonsOf(viewOf(home2))[0]!, home2);
    const author = viewOf(await nextDesk('UAUTHOR', from));
    expect((await h.relais.deps.store.drafts.byNumber(ws.id, 1))?.state).toBe('approved');
    expect(said(author)).toContain('Approved: publish it, then mark it as published');
    expect(buttonsOf(author).map((a) => a.split('|')[0])).toEqual(['draft:publish', 'draft:edit']);
    await h.relais.flushOutbox();
    await fake.waitForCall(
      (c) => c.method === 'chat.update' && c.args.ts === draft?.card?.id && said(c.args).includes('approved, waiting'),
    );
  });

  it('gathers a burst of changes into one views.publish per person', async () => {
    await settle();
    const from = fake.callsTo('views.publish').length;
    const sent = await Promise.all(
      [1, 2, 3, 4, 5].map((i) => h.slash('/draft', 'UAUTHOR', `Burst post number ${i}, with news`)),
    );
    for (const s of sent) expect(said(await h.answer(s.id))).toContain('is submitted');
    await Promise.all(['UAUTHOR', 'UREV1', 'UREV2'].map((u) => nextDesk(u, from)));
    await settle();
    expect(publishes(from, 'UAUTHOR')).toHaveLength(1);
    expect(publishes(from, 'UREV1')).toHaveLength(1);
    expect(publishes(from, 'UREV2')).toHaveLength(1);
    expect(publishes(from)).toHaveLength(3);
    // The one publish shows all five.
    expect(said(viewOf(publishes(from, 'UREV1')[0]!))).toContain('Burst post number 5');
  });

  it('lists a pending share prompt with its buttons, and answering it from the Home tab takes it off', async () => {
    const ws = await workspace();
    const store = h.relais.deps.store;
    await store.ambassadors.join(ws.id, 'UAMB', { networks: [] });
    const published = await store.drafts.byNumber(ws.id, 2);
    await store.drafts.setState(published!.id, { state: 'published', publishedAt: new Date() });
    await store.ambassadors.createPrompts(ws.id, published!.id, new Date(Date.now() - 60_000));
    // As if it went out: its direct message is not what this test is about.
    await store.transaction(async (tx) => {
      for (const p of await tx.ambassadors.claimDuePrompts(new Date(), 10))
        await tx.ambassadors.updatePrompt(p.id, { status: 'sent', sentAt: new Date() });
    });
    await settle();

    let from = fake.callsTo('views.publish').length;
    await openHome('UAMB');
    const home = await nextDesk('UAMB', from);
    expect(said(viewOf(home))).toContain('Posts to share');
    expect(said(viewOf(home))).toContain('A post is live: D-2');
    const buttons = buttonsOf(viewOf(home));
    expect(buttons.map((a) => a.split('|')[0])).toEqual(['prompt:shared', 'prompt:skip', 'prompt:stop']);

    from = fake.callsTo('views.publish').length;
    await clickInHome('UAMB', buttons[0]!, home);
    const after = viewOf(await nextDesk('UAMB', from));
    expect(said(after)).not.toContain('Posts to share');
    expect(said(after)).toMatch(/Shares.*1/);
  });

  it('republishes the desks of the reviewer group’s members, whom only Slack knows', async () => {
    const setup = await h.slash('/relais', 'UADMIN', 'config reviewers none reviewer-group <!subteam^S0COMMS|@comms>');
    expect(said(await h.answer(setup.id))).toContain('Saved');
    await settle();
    const from = fake.callsTo('views.publish').length;
    const sent = await h.slash('/draft', 'UAUTHOR', 'A post for the comms group to review');
    expect(said(await h.answer(sent.id))).toContain('is submitted');
    const desk = viewOf(await nextDesk('UCOMMS', from));
    expect(said(desk)).toContain('A post for the comms group to review');
    expect(buttonsOf(desk).map((a) => a.split('|')[0])).toContain('draft:approve');
  });

  it('keeps a desk with 150 drafts within Slack’s 100 blocks, and says how to see the rest', async () => {
    const ws = await workspace();
    const store = h.relais.deps.store;
    const content = {
      networks: ['linkedin' as const],
      link: null,
      media: [],
      plannedAt: null,
      campaign: null,
      reviewerNote: null,
    };
    for (let i = 0; i < 150; i++) {
      const number = (await store.drafts.nextNumber(ws.id, null))!;
      await store.drafts.create({
        workspaceId: ws.id,
        number,
        authorId: 'UMANY',
        originChannel: null,
        content: { ...content, text: `Seeded draft ${i} `.repeat(20) },
      });
    }
    const from = fake.callsTo('views.publish').length;
    await openHome('UMANY');
    await openHome('UCOMMS');
    const mine = viewOf(await nextDesk('UMANY', from));
    const queue = viewOf(await nextDesk('UCOMMS', from));
    for (const desk of [mine, queue]) {
      expect(desk.blocks.length).toBeLessThanOrEqual(100);
      expect(JSON.stringify(desk).length).toBeLessThan(250_000);
    }
    expect(said(mine)).toContain('and 140 more: /draft list lists them');
    expect(said(queue)).toContain('/draft queue lists them');
  }, 60_000);
});
