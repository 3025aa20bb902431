import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/client.ts';
import { sendDueRetros } from '../../src/services/retro.ts';
import { statsHistory } from '../db/stats-history.ts';
import { buttonsOf, type SlackHarness, said, startSlackHarness } from '../support/slack-harness.ts';

/** The author's retro through the real Bolt app and the fake Slack: the DM, its form, the result recorded once. */

const TEAM = 'T0RETRO';
const HOUR = 3_600_000;
const PUBLISHED = Date.parse('2026-03-30T08:00:00Z');
let now = new Date(PUBLISHED);
let h: SlackHarness;
let draftId: string;

beforeAll(async () => {
  h = await startSlackHarness({
    team: TEAM,
    clock: { now: () => now },
    fake: {
      users: [
        { id: 'UADMIN', is_admin: true, locale: 'en-US' },
        { id: 'UAUTHOR', locale: 'en-US' },
        { id: 'UOTHER', locale: 'en-US' },
      ],
    },
  });
  const setup = await h.slash('/relais', 'UADMIN', 'config language en');
  expect(said(await h.answer(setup.id))).toContain('Saved');
  const workspace = await h.relais.deps.store.ensureWorkspace({ platform: 'slack', externalId: TEAM });
  draftId = await statsHistory(h.database.db, workspace.id).draft({
    number: 7,
    author: 'UAUTHOR',
    urls: ['https://www.linkedin.com/feed/update/7'],
    events: [
      ['submitted', new Date(PUBLISHED - 2 * HOUR).toISOString()],
      ['approved', new Date(PUBLISHED - HOUR).toISOString()],
      ['published', new Date(PUBLISHED).toISOString()],
    ],
  });
});

afterAll(async () => h?.close());

const results = async () =>
  rowsOf<{ reactions: number | null; comments: number | null; clicks: number | null; worked: string[]; word: string }>(
    await h.database.db.execute(
      sql`select reactions, comments, clicks, worked, word from draft_results where draft_id = ${draftId}::uuid`,
    ),
  );

const number = (value: string) => ({ type: 'number_input', value });
const text = (value: string) => ({ type: 'plain_text_input', value });

describe('the author’s retro on Slack', () => {
  let dm = '';
  let open = '';

  it('sends the author one direct message 48 hours after publication', async () => {
    now = new Date(PUBLISHED + 47 * HOUR);
    expect(await sendDueRetros(h.relais.deps, 'replica-0')).toBe(0);
    now = new Date(PUBLISHED + 48 * HOUR);
    expect(await sendDueRetros(h.relais.deps, 'replica-0')).toBe(1);
    expect(await sendDueRetros(h.relais.deps, 'replica-1')).toBe(0);
    await h.relais.flushOutbox();
    const sent = h.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === 'UAUTHOR');
    expect(sent).toHaveLength(1);
    expect(String(sent[0]!.args.text)).toBe('How did D-7 do?');
    expect(said(sent[0]!.args)).toContain('https://www.linkedin.com/feed/update/7');
    open = buttonsOf(sent[0]!.args)[0]!;
    expect(open).toBe(`retro:open|${draftId}`);
    // Where Slack put it: the conversation between the bot and the author.
    dm = [...h.fake.messages.keys()].find((c) => c.startsWith('D')) ?? 'UAUTHOR';
  });

  it('opens the five-field form for the author only', async () => {
    const other = await h.click('UOTHER', open, dm);
    expect(said(await h.answer(other.id))).toContain('Only the author of D-7');
    const { triggerId } = await h.click('UAUTHOR', open, dm);
    const view = await h.opened(triggerId);
    expect(view.blocks?.map((b) => (b as { block_id?: string }).block_id)).toEqual([
      'reactions',
      'comments',
      'shares',
      'clicks',
      'worked',
    ]);
  });

  it('shows bad numbers beside their field, then records the answer once', async () => {
    const clicked = await h.click('UAUTHOR', open, dm);
    const view = await h.opened(clicked.triggerId);
    const submit = (values: Record<string, object>) =>
      h.submitView({
        callbackId: view.callback_id ?? '',
        privateMetadata: view.private_metadata ?? '',
        userId: 'UAUTHOR',
        values: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { [k]: v }])),
      });
    const bad = await submit({ reactions: number('-3'), comments: number('1.5'), worked: text('luck: hmm') });
    expect(JSON.parse(bad.body)).toMatchObject({
      response_action: 'errors',
      errors: {
        reactions: expect.stringContaining('whole number'),
        comments: expect.stringContaining('whole number'),
        worked: expect.stringContaining('Unknown: luck'),
      },
    });
    expect(await results()).toEqual([]);

    const good = await submit({
      reactions: number('120'),
      comments: number('14'),
      clicks: number('1 200'),
      worked: text('tone, timing: the hook'),
    });
    expect(good.body).toBe('');
    expect(said((await h.fake.waitForResponse((r) => r.id === clicked.id)).body)).toContain(
      'results of D-7 are recorded',
    );
    expect(await results()).toEqual([
      { reactions: 120, comments: 14, clicks: 1200, worked: ['tone', 'timing'], word: 'the hook' },
    ]);

    // The same form sent again: refused privately, nothing changed.
    const again = await submit({ reactions: number('999') });
    expect(again.body).toBe('');
    await h.fake.waitForResponse((r) => r.id === clicked.id && said(r.body).includes('already recorded'));
    expect((await results())[0]?.reactions).toBe(120);
    // And the button, clicked after answering, says so without a form.
    const late = await h.click('UAUTHOR', open, dm);
    expect(said(await h.answer(late.id))).toContain('already recorded');
    expect(h.fake.callsTo('views.open').filter((c) => c.args.trigger_id === late.triggerId)).toEqual([]);
  });
});
