import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sendDueDigests } from '../../src/services/veille-schedule.ts';
import { postSigned, viewSubmissionBody } from '../fakes/slack-requests.ts';
import { buttonsOf, type SlackHarness, said, startSlackHarness } from '../support/slack-harness.ts';

/**
 * /stats through the real Bolt app: a digest goes out, a story becomes a draft through Draft a
 * post, the draft is approved; /stats answers privately with the figures, export and insights
 * too, and bad input gets a private explanation.
 */

const TEAM = 'T0STATS';
const REVIEW = 'C0REVIEW';
const CHANNEL = 'C0GENERAL';
let h: SlackHarness;
let feeds: Server;

const FEED = `<?xml version="1.0"?><rss version="2.0"><channel><title>Acme news</title>
<item><title>Acme opens a research lab in Lyon</title><link>https://news.example/lab</link><guid>1</guid></item>
<item><title>Heavy rain expected over the weekend</title><link>https://news.example/rain</link><guid>2</guid></item>
<item><title>Nantes elects a new mayor</title><link>https://news.example/mayor</link><guid>3</guid></item>
</channel></rss>`;

beforeAll(async () => {
  feeds = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(FEED));
  await new Promise<void>((r) => feeds.listen(0, '127.0.0.1', () => r()));
  h = await startSlackHarness({
    team: TEAM,
    fake: {
      users: ['UADMIN', 'UAUTHOR', 'UREVIEW'].map((id) => ({ id, locale: 'en-US', is_admin: id === 'UADMIN' })),
    },
    env: { VEILLE_ALLOW_PRIVATE: '127.0.0.1' },
  });
  await h.slash('/relais', 'UADMIN', `config review-channel <#${REVIEW}|review> reviewers <@UREVIEW> language en`);
  const url = `http://127.0.0.1:${(feeds.address() as AddressInfo).port}/feed.xml`;
  expect(said(await h.answer((await h.slash('/veille', 'UADMIN', `add <${url}>`)).id))).toContain('Following');
  await h.answer((await h.slash('/veille', 'UADMIN', 'time 00:00 UTC')).id);
});

afterAll(async () => {
  await h?.close();
  await new Promise((r) => feeds?.close(r));
});

/** What a person reads in the blocks: every text element, in order, one line per block. */
const textOf = (node: unknown): string => {
  if (Array.isArray(node)) return node.map(textOf).join('');
  if (!node || typeof node !== 'object') return '';
  const text = (node as { text?: unknown }).text;
  return typeof text === 'string' ? text : Object.values(node).map(textOf).join('');
};
const readable = (body: { blocks?: readonly unknown[] }) => (body.blocks ?? []).map(textOf).join('\n');

const ask = async (text: string, userId = 'UAUTHOR') => h.answer((await h.slash('/stats', userId, text)).id);

describe('/stats on Slack', () => {
  it('counts a digest’s stories, the one turned into a draft, and the draft’s approval, privately', async () => {
    expect(await sendDueDigests(h.relais.deps, 'test')).toBe(1);
    await h.relais.flushOutbox();
    const digest = await h.fake.waitForCall((c) => c.method === 'chat.postMessage' && c.args.channel === CHANNEL);
    const buttons = buttonsOf(digest.args);
    expect(buttons).toHaveLength(3);

    // Draft a post on the first story, then save the prefilled form.
    const click = await h.click('UAUTHOR', buttons[0] ?? '', CHANNEL);
    const open = await h.fake.waitForCall((c) => c.method === 'views.open' && c.args.trigger_id === click.triggerId);
    // The form remembers the story it was opened from.
    expect(open.args.view?.private_metadata).toMatch(/story:\d+/);
    const saved = await postSigned(
      h.events,
      h.secret,
      viewSubmissionBody({
        callbackId: 'draft:new',
        privateMetadata: open.args.view?.private_metadata ?? '',
        userId: 'UAUTHOR',
        teamId: TEAM,
        values: {
          text: { text: { type: 'plain_text_input', value: 'Our new lab in Lyon opens its doors' } },
          networks: { networks: { type: 'multi_static_select', selected_options: [{ value: 'linkedin' }] } },
          planned: { planned: { type: 'plain_text_input', value: null } },
          links: { links: { type: 'plain_text_input', value: 'https://news.example/lab' } },
          note: { note: { type: 'plain_text_input', value: '#lab' } },
        },
      }),
    );
    expect(saved.body).toBe('');
    const ws = await h.relais.deps.store.ensureWorkspace({ platform: 'slack', externalId: TEAM });
    const draft = await h.relais.deps.store.drafts.byNumber(ws.id, 1);
    expect(draft?.content.campaign).toBe('lab');
    await h.answer((await h.click('UREVIEW', `draft:approve|${draft?.id}:1`, REVIEW)).id);

    const card = await ask('week');
    expect(card.response_type).toBe('ephemeral');
    const text = readable(card);
    expect(text).toMatch(/^Figures — week \d+, 20\d\d \(.+\), to date\nBeside week \d+/);
    expect(text).toContain('Submitted: 1 (before: 0, +1)');
    expect(text).toContain('Approved: 1 (before: 0, +1)');
    // One decision: the rate says it rests on too little.
    expect(text).toContain('Approval rate: 100%, on 1 only: too few to judge (before: nothing to measure)');
    expect(text).toContain('Share rate: nothing to measure\n');
    expect(text).toContain('Stories shown in digests: 3 (before: 0, +3)');
    expect(text).toContain('Stories turned into drafts: 1 (before: 0, +1)');
    expect(text).toContain('Nobody shared in this period.');
    // Nothing about the figures was posted where others could read it.
    expect(
      h.fake.calls.filter((c) => c.method.startsWith('chat.') && (said(c.args) ?? '').includes('Figures')),
    ).toEqual([]);

    const campaign = readable(await ask('month #lab'));
    expect(campaign).toContain('campaign #lab only');
    expect(campaign).toContain('Submitted: 1');
    expect(readable(await ask('month #other'))).toContain('Submitted: 0 (before: 0, ±0)');
  });

  it('sends the month’s export as a CSV file to the person alone, and answers insights privately', async () => {
    const exported = await ask('export');
    expect(exported.response_type).toBe('ephemeral');
    const text = readable(exported);
    expect(text).toContain('Rows: 1, one per draft submitted or published in');
    expect(text).toMatch(/The file relais-20\d\d-\d\d\.csv is sent to you privately/);
    // Into the person's direct conversation with Relais, the current upload way.
    const opened = await h.fake.waitForCall((c) => c.method === 'conversations.open' && c.args.users === 'UAUTHOR');
    const dm = await vi.waitFor(() => {
      const done = [...h.fake.files.values()].find((f) => f.completed);
      if (!done) throw new Error('no file shared yet');
      return done;
    });
    expect(dm?.filename).toMatch(/^relais-20\d\d-\d\d\.csv$/);
    expect(dm?.channel).toMatch(/^D/);
    expect(opened.method).toBe('conversations.open');
    const csv = dm!.bytes!.toString('utf8');
    expect(csv.startsWith('\ufeffreference,author,campaign,networks,state,submitted,approved,published')).toBe(true);
    expect(csv).toMatch(
      /\r?\nD-1,UAUTHOR,lab,linkedin,"approved, waiting for publication",20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d,/,
    );
    // Nothing of it in a channel.
    expect(h.fake.callsTo('files.completeUploadExternal').map((c) => c.args.channel_id)).toEqual([dm?.channel]);
    const insights = await ask('insights');
    expect(insights.response_type).toBe('ephemeral');
    expect(said(insights)).toContain('No results recorded yet');
  });

  it('answers bad input privately, in the reader’s language', async () => {
    const cases: [string, string][] = [
      ['export 2026-13', 'Invalid value for month: a month as YYYY-MM, for example 2026-03'],
      ['weekly', 'Did you mean /stats week?'],
      ['wekly lab', 'Invalid value for campaign: a campaign tag such as #launch'],
      ['export 2026-03 2026-04', 'Too many values'],
      ['week lab', 'Invalid value for campaign'],
    ];
    for (const [input, message] of cases) {
      const answer = await ask(input);
      expect(answer.response_type).toBe('ephemeral');
      expect(said(answer)).toContain(message);
    }
  });
});
