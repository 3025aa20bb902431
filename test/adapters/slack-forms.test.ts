import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonsOf, initialValueOf, type SlackHarness, said, startSlackHarness } from '../support/slack-harness.ts';

/**
 * A draft form with a problem stays open on Slack (`response_action: errors`, the problem on the
 * field's block), nothing is created, and long posts get a second input; through real Bolt.
 */

const TEAM = 'T0FORMS';
const REVIEW = 'C0FREVIEW';
let h: SlackHarness;
type View = Awaited<ReturnType<SlackHarness['opened']>>;

beforeAll(async () => {
  h = await startSlackHarness({
    team: TEAM,
    fake: {
      users: [
        { id: 'UADMIN', is_admin: true, locale: 'en-US' },
        { id: 'UAUTHOR', locale: 'en-US' },
        { id: 'UREVIEW', locale: 'en-US' },
        { id: 'UFR', locale: 'fr-FR' },
      ],
    },
  });
  const setup = await h.slash(
    '/relais',
    'UADMIN',
    `config review-channel <#${REVIEW}|review> reviewers <@UREVIEW> language en forbidden-terms crypto`,
  );
  expect(said(await h.answer(setup.id))).toContain('Saved');
});

afterAll(async () => h?.close());

let opens = 0;
async function openDraftForm(userId = 'UAUTHOR'): Promise<View> {
  const triggerId = `open-form-${++opens}`;
  await h.slash('/draft', userId, '', { triggerId });
  return h.opened(triggerId);
}

type Typed = { text?: string; more?: string; networks?: string[]; planned?: string; links?: string; note?: string };

/** Submits the form as Slack does: each input's state under its block id. */
async function submitDraft(view: View, typed: Typed, userId = 'UAUTHOR') {
  const input = (value: string | undefined) => ({ type: 'plain_text_input', value: value ?? null });
  const values: Record<string, Record<string, object>> = {
    text: { text: input(typed.text) },
    networks: {
      networks: { type: 'multi_static_select', selected_options: (typed.networks ?? []).map((value) => ({ value })) },
    },
    planned: { planned: input(typed.planned) },
    links: { links: input(typed.links) },
    note: { note: input(typed.note) },
  };
  if (typed.more !== undefined) values['text~2'] = { 'text~2': input(typed.more) };
  const res = await h.submitView({
    callbackId: view.callback_id ?? '',
    privateMetadata: view.private_metadata ?? '',
    userId,
    values,
  });
  expect(res.status).toBe(200);
  return res.body ? (JSON.parse(res.body) as { response_action?: string; errors?: Record<string, string> }) : {};
}

async function draftCount() {
  const ws = await h.relais.deps.store.ensureWorkspace({ platform: 'slack', externalId: TEAM });
  let n = 0;
  while (await h.relais.deps.store.drafts.byNumber(ws.id, n + 1)) n++;
  return n;
}

describe('draft form problems on Slack', () => {
  it('keeps the form open with each problem on its field, and creates nothing', async () => {
    const view = await openDraftForm();
    const cases: [Typed, string, RegExp][] = [
      [{ text: 'a'.repeat(300), networks: ['x'] }, 'text', /X: 300\/280/],
      [{ text: 'Buy crypto now', networks: ['linkedin'] }, 'text', /Forbidden term: “crypto”/],
      [{ text: '   ', networks: ['linkedin'] }, 'text', /text is empty/],
      [{ text: 'Hello', planned: 'next tuesday' }, 'planned', /YYYY-MM-DD HH:mm/],
      [{ text: 'Hello', planned: '2001-01-01 10:00' }, 'planned', /in the past/],
      [{ text: 'Hello', links: 'https://ok.example\nnot-a-link' }, 'links', /“not-a-link” is not a web address/],
    ];
    for (const [typed, field, problem] of cases) {
      const answer = await submitDraft(view, typed);
      expect(answer.response_action, JSON.stringify(typed).slice(0, 60)).toBe('errors');
      expect(answer.errors?.[field]).toMatch(problem);
    }
    expect(await draftCount()).toBe(0);
  });

  it('names every problem at once', async () => {
    const view = await openDraftForm();
    const answer = await submitDraft(view, { text: '', planned: 'soon', links: 'nope' });
    expect(Object.keys(answer.errors ?? {}).sort()).toEqual(['links', 'planned', 'text']);
  });

  it('refuses a bad live URL in Mark as published beside its field, and leaves the draft approved', async () => {
    const view = await openDraftForm();
    expect(await submitDraft(view, { text: 'Spring is here', networks: ['linkedin'] })).toEqual({});
    const card = await h.fake.waitForCall((c) => c.method === 'chat.postMessage' && c.args.channel === REVIEW);
    const approve = buttonsOf(card.args)[0] ?? '';
    await h.click('UREVIEW', approve, REVIEW);
    await h.relais.flushOutbox();
    const update = await h.fake.waitForCall(
      (c) =>
        c.method === 'chat.update' &&
        c.args.channel === REVIEW &&
        (buttonsOf(c.args)[0] ?? '').startsWith('draft:publish'),
    );
    const { triggerId } = await h.click('UAUTHOR', buttonsOf(update.args)[0] ?? '', REVIEW);
    const publish = await h.opened(triggerId);
    for (const [urls, problem] of [
      ['linkedin.com/post/1', /“linkedin.com\/post\/1” is not a web address/],
      ['   ', /address of the published post/],
    ] as const) {
      const res = await h.submitView({
        callbackId: publish.callback_id ?? '',
        privateMetadata: publish.private_metadata ?? '',
        userId: 'UAUTHOR',
        values: { urls: { urls: { type: 'plain_text_input', value: urls } } },
      });
      const answer = JSON.parse(res.body);
      expect(answer.response_action).toBe('errors');
      expect(answer.errors.urls).toMatch(problem);
    }
    const ws = await h.relais.deps.store.ensureWorkspace({ platform: 'slack', externalId: TEAM });
    expect((await h.relais.deps.store.drafts.byNumber(ws.id, 1))?.state).toBe('approved');
  });

  it('says the form’s limit beside the text and takes a 5,000-character Facebook post in two inputs', async () => {
    const view = await openDraftForm();
    const text = view.blocks.find((b) => b.type === 'input' && b.block_id === 'text') as {
      hint?: { text: string };
      element: { max_length?: number };
    };
    expect(text.hint?.text).toContain('At most 6,000 characters here');
    expect(text.element.max_length).toBe(3000);
    expect(view.blocks.map((b) => (b as { block_id?: string }).block_id)).toContain('text~2');
    const first = `${'Long story. '.repeat(250)}`.trim();
    const more = 'And more. '.repeat(200).trim();
    expect(await submitDraft(view, { text: first, more, networks: ['facebook'] })).toEqual({});
    const ws = await h.relais.deps.store.ensureWorkspace({ platform: 'slack', externalId: TEAM });
    const draft = await h.relais.deps.store.drafts.byNumber(ws.id, 2);
    expect(draft?.content.text).toBe(`${first}\n${more}`);
    expect(draft?.content.text.length).toBeGreaterThan(4900);

    // Edit opens with the whole text, split over the two inputs.
    const card = await h.fake.waitForCall(
      (c) => c.method === 'chat.postMessage' && c.args.channel === REVIEW && said(c.args).includes('Long story'),
    );
    const edit = buttonsOf(card.args).find((b) => b.startsWith('draft:edit')) ?? '';
    const { triggerId } = await h.click('UAUTHOR', edit, REVIEW);
    const opened = await h.opened(triggerId);
    expect(`${initialValueOf(opened, 'text')}\n${initialValueOf(opened, 'text~2')}`).toBe(draft?.content.text);

    // Request changes without a reason: the reason form stays open.
    const changes = buttonsOf(card.args).find((b) => b.startsWith('draft:changes')) ?? '';
    const asked = await h.click('UREVIEW', changes, REVIEW);
    const reasonForm = await h.opened(asked.triggerId);
    const res = await h.submitView({
      callbackId: reasonForm.callback_id ?? '',
      privateMetadata: reasonForm.private_metadata ?? '',
      userId: 'UREVIEW',
      values: { reason: { reason: { type: 'plain_text_input', value: '   ' } } },
    });
    expect(JSON.parse(res.body)).toMatchObject({
      response_action: 'errors',
      errors: { reason: expect.stringMatching(/what should change/) },
    });
    expect((await h.relais.deps.store.drafts.byNumber(ws.id, 2))?.state).toBe('in_review');
  });

  it('refuses a 3,500-character LinkedIn-only draft naming the limit, in French for a French workspace', async () => {
    const setup = await h.slash('/relais', 'UADMIN', 'config language fr');
    expect(said(await h.answer(setup.id))).toContain('Saved');
    const view = await openDraftForm('UFR');
    const answer = await submitDraft(view, { text: 'é'.repeat(3500), networks: ['linkedin'] }, 'UFR');
    expect(answer.response_action).toBe('errors');
    expect(answer.errors?.text).toMatch(/LinkedIn\s:\s3500\/3000 caractères/);
    expect(answer.errors?.text).toContain('Bloquant');
    const text = view.blocks.find((b) => b.type === 'input' && b.block_id === 'text') as { hint?: { text: string } };
    expect(text.hint?.text).toMatch(/^6\u202f000 caractères au plus ici/);

    const tooLong = await h.slash('/draft', 'UFR', 'x'.repeat(64_000));
    const said64 = said(await h.answer(tooLong.id));
    expect(said64).toContain('Le brouillon est trop long');
    expect(said64).not.toMatch(/Too big|expected string/);
    expect(await draftCount()).toBe(2);
  });
});
