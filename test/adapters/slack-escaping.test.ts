import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { remindReviewers } from '../../src/services/draft-reminders.ts';
import { sendDueDigests } from '../../src/services/veille-schedule.ts';
import type { RecordedMessage, SlackCall } from '../fakes/slack-fake.ts';
import { buttonsOf, type SlackHarness, said, startSlackHarness } from '../support/slack-harness.ts';

/**
 * Text from people and feeds never pings anyone on Slack: wherever Slack reads mrkdwn (above all
 * the top-level `text`, its notification), `&`, `<` and `>` arrive escaped, in every kind of
 * message Relais sends, checked in what the Slack fake received from the real Bolt app and client.
 */

const TEAM = 'T0ESCAPE';
const REVIEW = 'C0REVIEW';
const DIGESTS = 'C0GENERAL';
/** Every control sequence of Slack's mrkdwn: broadcasts, a user, a channel, a labelled link. */
const HOSTILE = '<!channel> <!here> <@U123> <#C123> <https://x|y>';

let h: SlackHarness;
let feeds: Server;
let offsetMs = 0;
const clock = { now: () => new Date(Date.now() + offsetMs) };

/** Every string Slack parses as mrkdwn in a message: the top-level text, and any `mrkdwn` text object. */
function mrkdwnFields(body: RecordedMessage | SlackCall['args']): string[] {
  const out: string[] = [];
  if (typeof body.text === 'string' && body.mrkdwn !== false) out.push(body.text);
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (typeof node === 'object' && node !== null) {
      if ('type' in node && node.type === 'mrkdwn' && 'text' in node && typeof node.text === 'string')
        out.push(node.text);
      Object.values(node).forEach(walk);
    }
  };
  walk(body.blocks);
  walk(body.attachments);
  return out;
}

/** What Slack would turn into a ping, a mention or a link, checked in one message body. */
function expectInert(body: RecordedMessage | SlackCall['args'], kind: string): void {
  for (const field of mrkdwnFields(body)) {
    expect(field, `${kind}: a control character left raw in ${JSON.stringify(field)}`).not.toMatch(/[<>]/);
    expect(field, `${kind}: an & that Slack would read as an entity`).not.toMatch(/&(?!(amp|lt|gt);)/);
  }
  const blocks = JSON.stringify(body.blocks ?? []);
  expect(blocks, kind).not.toMatch(/"type":"broadcast"|"user_id":"U123"|"channel_id":"C123"|"url":"https:\/\/x"/);
}

/** The hostile text reached this message (escaped in its text, or as inert words in its blocks). */
const carries = (body: RecordedMessage | SlackCall['args']) =>
  String(body.text).includes('&lt;!channel&gt;') || said(body).includes('<!channel>');

const posts = (pred: (c: SlackCall) => boolean) =>
  h.fake.calls.filter((c) => ['chat.postMessage', 'chat.update', 'chat.postEphemeral'].includes(c.method) && pred(c));

beforeAll(async () => {
  // A feed whose titles carry the same control sequences, once as text and once as escaped HTML.
  const escaped = HOSTILE.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const twice = escaped.replace(/&/g, '&amp;');
  const rss = `<?xml version="1.0"?><rss version="2.0"><channel><title>News ${twice}</title>
    <item><title>Story ${twice} ${escaped}</title><link>https://news.example/1</link>
    <description>${twice}</description></item></channel></rss>`;
  feeds = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss));
  await new Promise<void>((r) => feeds.listen(0, '127.0.0.1', () => r()));
  h = await startSlackHarness({
    team: TEAM,
    clock,
    fake: {
      users: ['UADMIN', 'UAUTHOR', 'UREVIEW', 'UAMB'].map((id) => ({ id, locale: 'en-US', is_admin: id === 'UADMIN' })),
    },
    env: { VEILLE_ALLOW_PRIVATE: '127.0.0.1' },
  });
  await h.slash('/relais', 'UADMIN', `config review-channel <#${REVIEW}|review> reviewers <@UREVIEW> language en`);
  await h.slash('/ambassador', 'UAMB', 'join linkedin');
  await h.slash('/ambassador', 'UAMB', 'hours 00:00-24:00 mon-sun UTC');
});

afterAll(async () => {
  await h?.close();
  await new Promise((r) => feeds?.close(r));
});

describe('text from people and feeds on Slack', () => {
  let cardTs = '';
  let draftId = '';

  it('stays inert in the review card and in the answer to its author', async () => {
    const submitted = await h.submitView({
      callbackId: 'draft:new',
      privateMetadata: JSON.stringify({ c: 'C0GENERAL', r: h.fake.responseUrl('new-draft') }),
      userId: 'UAUTHOR',
      values: {
        text: { text: { type: 'plain_text_input', value: `Launch ${HOSTILE} & more` } },
        networks: { networks: { type: 'multi_static_select', selected_options: [{ value: 'linkedin' }] } },
        planned: { planned: { type: 'plain_text_input', value: null } },
        links: { links: { type: 'plain_text_input', value: 'https://acme.example/launch' } },
        note: { note: { type: 'plain_text_input', value: HOSTILE } },
      },
    });
    expect(submitted.status).toBe(200);
    const answer = await h.answer('new-draft');
    await h.relais.flushOutbox();
    const ws = await h.relais.deps.store.ensureWorkspace({ platform: 'slack', externalId: TEAM });
    const draft = await h.relais.deps.store.drafts.byNumber(ws.id, 1);
    draftId = draft?.id ?? '';
    cardTs = draft?.card?.id ?? '';
    expectInert(answer, 'answer to a form');
    const cards = posts((c) => c.args.channel === REVIEW && !c.args.thread_ts).map((c) => c.args);
    expect(cards).toHaveLength(1);
    for (const card of cards) {
      expect(carries(card)).toBe(true);
      expectInert(card, 'review card');
      expect(card.text).toContain('Launch &lt;!channel&gt; &lt;!here&gt; &lt;@U123&gt; &lt;#C123&gt;');
      expect(card.text).toContain('&amp; more');
    }
  });

  it('stays inert in command answers: show, list, and a refusal that repeats what was typed', async () => {
    for (const [command, text] of [
      ['/draft', 'show D-1'],
      ['/draft', 'list'],
      ['/relais', `config ${HOSTILE}`],
    ] as const) {
      const body = await h.answer((await h.slash(command, 'UAUTHOR', text)).id);
      expect(carries(body), `${command} ${text}`).toBe(true);
      expectInert(body, `${command} ${text}`);
    }
  });

  it('stays inert in thread entries, the updated card and the note to the author', async () => {
    const click = await h.click('UREVIEW', `draft:changes|${draftId}:1`, REVIEW);
    const form = await h.opened(click.triggerId);
    await h.submitView({
      callbackId: 'draft:changes',
      privateMetadata: form.private_metadata ?? '',
      userId: 'UREVIEW',
      values: { reason: { reason: { type: 'plain_text_input', value: `Not with ${HOSTILE} & co` } } },
    });
    await h.relais.flushOutbox();
    const thread = posts((c) => c.args.thread_ts === cardTs);
    const note = posts((c) => c.args.channel === 'UAUTHOR');
    const update = posts((c) => c.method === 'chat.update' && c.args.ts === cardTs);
    for (const [kind, list] of [
      ['thread entry', thread],
      ['note to the author', note],
      ['updated card', update],
    ] as const) {
      expect(list.length, kind).toBeGreaterThan(0);
      expect(
        list.some((c) => carries(c.args)),
        kind,
      ).toBe(true);
      for (const c of list) expectInert(c.args, kind);
    }
  });

  it('stays inert in the review reminder and in the ambassadors’ share prompt', async () => {
    const edit = await h.click('UAUTHOR', `draft:edit|${draftId}:1`, REVIEW);
    const form = await h.opened(edit.triggerId);
    await h.submitView({
      callbackId: 'draft:edit',
      privateMetadata: form.private_metadata ?? '',
      userId: 'UAUTHOR',
      values: {
        text: { text: { type: 'plain_text_input', value: `Again ${HOSTILE} & more` } },
        networks: { networks: { type: 'multi_static_select', selected_options: [{ value: 'linkedin' }] } },
        planned: { planned: { type: 'plain_text_input', value: null } },
        links: { links: { type: 'plain_text_input', value: null } },
        note: { note: { type: 'plain_text_input', value: null } },
      },
    });
    offsetMs = 25 * 3_600_000;
    expect(await remindReviewers(h.relais.deps)).toBe(1);
    await h.relais.flushOutbox();
    const reminder = posts((c) => c.args.thread_ts === cardTs && said(c.args).includes('Waiting for a review'));
    expect(reminder.length).toBeGreaterThan(0);
    for (const c of reminder) expectInert(c.args, 'review reminder');

    await h.answer((await h.click('UREVIEW', `draft:approve|${draftId}:2`, REVIEW)).id);
    const publish = await h.click('UAUTHOR', `draft:publish|${draftId}:2`, REVIEW);
    const publishForm = await h.opened(publish.triggerId);
    await h.submitView({
      callbackId: 'draft:publish',
      privateMetadata: publishForm.private_metadata ?? '',
      userId: 'UAUTHOR',
      values: { urls: { urls: { type: 'plain_text_input', value: 'https://www.linkedin.com/feed/update/1' } } },
    });
    await h.relais.flushOutbox();
    const prompts = posts((c) => c.args.channel === 'UAMB' && buttonsOf(c.args).length > 0);
    expect(prompts).toHaveLength(1);
    for (const prompt of prompts) {
      expect(carries(prompt.args)).toBe(true);
      expectInert(prompt.args, 'share prompt');
    }
  });

  it('stays inert in feed answers, the digest preview and the posted digest', async () => {
    const base = `http://127.0.0.1:${(feeds.address() as AddressInfo).port}`;
    const added = await h.answer((await h.slash('/veille', 'UADMIN', `add <${base}/hostile.xml>`)).id);
    expect(said(added)).toContain('Following');
    expectInert(added, '/veille add');
    const preview = await h.answer((await h.slash('/veille', 'UADMIN', 'now')).id);
    expect(carries(preview)).toBe(true);
    expectInert(preview, 'digest preview');
    await h.answer((await h.slash('/veille', 'UADMIN', 'time 00:00 UTC')).id);
    expect(await sendDueDigests(h.relais.deps, 'test')).toBeGreaterThan(0);
    await h.relais.flushOutbox();
    const digest = posts((c) => c.args.channel === DIGESTS && !c.args.thread_ts);
    expect(digest.length).toBeGreaterThan(0);
    for (const c of digest) {
      expect(carries(c.args)).toBe(true);
      expectInert(c.args, 'digest');
    }
  });

  it('checked every message Slack received: each one is inert', () => {
    const all = [...posts(() => true).map((c) => c.args), ...h.fake.responses.map((r) => r.body), ...h.acked()];
    expect(all.length).toBeGreaterThan(10);
    for (const body of all) expectInert(body, String(body.text).slice(0, 40));
  });
});
