import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonsOf, type SlackHarness, said, startSlackHarness } from '../support/slack-harness.ts';

/** A team's first hour on Slack: nothing typed is lost, typos are not drafts. */

const TEAM = 'T0FIRST';
const REVIEW = 'C0REVIEW';
let h: SlackHarness;

beforeAll(async () => {
  h = await startSlackHarness({
    team: TEAM,
    fake: {
      users: [
        { id: 'UADMIN', is_admin: true, locale: 'en-US' },
        { id: 'UAUTHOR', locale: 'en-US' },
        { id: 'UREVIEW', locale: 'en-US' },
        { id: 'UAMY', locale: 'en-US' },
      ],
    },
  });
});

afterAll(async () => h?.close());

async function run(command: string, userId: string, text: string) {
  const sent = await h.slash(command, userId, text);
  expect(sent.res.status).toBe(200);
  return said(await h.answer(sent.id));
}

const cardPosts = () =>
  h.fake.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === REVIEW && !c.args.thread_ts);

async function draftRow(number: number) {
  const ws = await h.relais.deps.store.ensureWorkspace({ platform: 'slack', externalId: TEAM });
  return h.relais.deps.store.drafts.byNumber(ws.id, number);
}

describe('a draft written before any review channel', () => {
  it('is kept, and the author is told it waits and who can set the channel', async () => {
    expect(await run('/relais', 'UADMIN', 'config admins <@UADMIN> language en')).toContain('Saved');
    const answer = await run('/draft', 'UAUTHOR', 'Our spring release is live! https://acme.example/spring');
    expect(answer).toContain('D-1 is kept');
    expect(answer).toContain('review-channel');
    expect(answer).toContain('"user_id":"UADMIN"');
    expect((await draftRow(1))?.state).toBe('in_review');
    await h.relais.flushOutbox();
    expect(cardPosts()).toHaveLength(0);
  });

  it('gets its card in the review channel as soon as an admin sets one', async () => {
    expect(await run('/relais', 'UADMIN', `config review-channel <#${REVIEW}|review>`)).toContain('Saved');
    await h.relais.flushOutbox();
    const card = await h.fake.waitForCall((c) => c.method === 'chat.postMessage' && c.args.channel === REVIEW);
    expect(said(card.args)).toContain('Our spring release is live!');
    expect((await draftRow(1))?.card?.channel).toBe(REVIEW);
    // Setting it again posts nothing twice.
    expect(await run('/relais', 'UADMIN', 'config review-channel <#C0OTHER|other>')).toContain('Saved');
    await h.relais.flushOutbox();
    expect(cardPosts()).toHaveLength(1);
  });
});

describe('typos are not drafts', () => {
  const drafts = async () => {
    const ws = await h.relais.deps.store.ensureWorkspace({ platform: 'slack', externalId: TEAM });
    return h.relais.deps.store.drafts.byAuthor(ws.id, 'UAUTHOR', 50);
  };

  it('answers a word close to a subcommand with "did you mean", creating nothing', async () => {
    const before = (await drafts()).length;
    expect(await run('/draft', 'UAUTHOR', 'lsit')).toContain('Did you mean /draft list?');
    expect(await run('/draft', 'UAUTHOR', 'queu')).toContain('Did you mean /draft queue?');
    expect(await run('/relais', 'UADMIN', 'confg')).toContain('Did you mean /relais config?');
    expect((await drafts()).length).toBe(before);
  });

  it('shows the draft command’s help for /draft help', async () => {
    const before = (await drafts()).length;
    const help = await run('/draft', 'UAUTHOR', 'help');
    expect(help).toContain('/draft new');
    expect(help).toContain('/draft queue');
    expect(help).not.toContain('/veille');
    expect((await drafts()).length).toBe(before);
  });

  it('confirms a lone word before it becomes a draft, then submits it on the button', async () => {
    const before = (await drafts()).length;
    const sent = await h.slash('/draft', 'UAUTHOR', 'Bonjour');
    const asked = await h.answer(sent.id);
    expect(said(asked)).toContain('Submit “Bonjour” as a draft');
    expect((await drafts()).length).toBe(before);
    const [confirm] = buttonsOf(asked);
    const click = await h.click('UAUTHOR', confirm!, 'C0GENERAL');
    expect(said(await h.answer(click.id))).toContain(`D-${before + 1} is submitted`);
    const [latest] = await drafts();
    expect(latest?.content.text).toBe('Bonjour');
  });

  it('opens the form for /draft new, as for /draft alone', async () => {
    await h.slash('/draft', 'UAUTHOR', 'new', { triggerId: 'trig-new' });
    expect((await h.opened('trig-new')).callback_id).toBe('draft:new');
    await h.slash('/draft', 'UAUTHOR', '', { triggerId: 'trig-bare' });
    expect((await h.opened('trig-bare')).callback_id).toBe('draft:new');
  });

  it('still submits a sentence at once, and /draft new <text> submits the text without “new”', async () => {
    expect(await run('/draft', 'UAUTHOR', 'Two words')).toContain('is submitted');
    expect(await run('/draft', 'UAUTHOR', 'new Launch day')).toContain('is submitted');
    const [latest] = await drafts();
    expect(latest?.content.text).toBe('Launch day');
  });
});

describe('help', () => {
  it('is one line per command, with the detail of one on request', async () => {
    const short = await run('/relais', 'UAUTHOR', 'help');
    expect(short).toContain('/relais help command draft');
    expect(short).toContain('/draft withdraw');
    expect(short).not.toContain('Withdraw one of your drafts');
    const detail = await run('/relais', 'UAUTHOR', 'help draft');
    expect(detail).toContain('Withdraw one of your drafts');
    expect(detail).not.toContain('/veille');
  });
});

describe('errors name the right thing', () => {
  it('says stories per digest and the range for /veille size 50', async () => {
    const answer = await run('/veille', 'UADMIN', 'size 50');
    expect(answer).toContain('A digest shows from 1 to 30 stories per channel; “50” is not possible.');
    expect(answer).not.toContain('items');
    expect(await run('/veille', 'UADMIN', 'size')).toContain(
      'How many stories per digest? From 1 to 30, e.g. /veille size 10.',
    );
  });

  it('says it does not know @zoe when nobody has that name', async () => {
    const answer = await run('/ambassador', 'UADMIN', 'invite @zoe');
    expect(answer).toContain('I do not know @zoe');
    expect(answer).not.toContain('Too many values');
  });

  it('asks which draft for /draft show without a reference', async () => {
    expect(await run('/draft', 'UAUTHOR', 'show')).toContain('Which draft? e.g. /draft show D-42');
    expect(await run('/draft', 'UAUTHOR', 'show zz')).toContain('“zz” is not a draft reference; use D-42.');
  });
});

describe('messages that stay true, and notes that lead on', () => {
  let draftId: string;
  let cardTs: string;
  let ref: string;

  it('says approved in the card’s title, and tells the author who approved, where the card is, and the next step', async () => {
    expect(await run('/relais', 'UADMIN', 'config reviewers <@UREVIEW>')).toContain('Saved');
    expect(await run('/ambassador', 'UAMY', 'join linkedin')).toContain('You are an ambassador');
    expect(await run('/ambassador', 'UAMY', 'hours 00:00-24:00 mon-sun UTC')).toContain('Prompts will come');
    const submitted = await run('/draft', 'UAUTHOR', 'Launch week is here #acme');
    ref = /D-\d+/.exec(submitted)![0];
    await h.relais.flushOutbox();
    const row = (await draftRow(Number(ref.slice(2))))!;
    draftId = row.id;
    cardTs = row.card!.id;
    const approve = await h.click('UREVIEW', `draft:approve|${draftId}:1`, REVIEW, undefined, cardTs);
    expect(said(await h.answer(approve.id))).toContain(`You approved ${ref}`);
    await h.relais.flushOutbox();
    const update = await h.fake.waitForCall((c) => c.method === 'chat.update' && c.args.ts === cardTs);
    const headerBlock = JSON.stringify((update.args.blocks as object[])[0]);
    expect(headerBlock).toContain(`${ref} · approved`);
    expect(headerBlock).not.toContain('draft');
    const note = await h.fake.waitForCall(
      (c) => c.method === 'chat.postMessage' && c.args.channel === 'UAUTHOR' && said(c.args).includes('is approved'),
    );
    expect(said(note.args)).toContain('"user_id":"UREVIEW"');
    expect(said(note.args)).toMatch(/"url":"https:\/\/[^"]+"/);
    expect(buttonsOf(note.args).map((b) => b.split('|')[0])).toEqual(['draft:publish']);
  });

  it('replaces the prompt with what was recorded after "I shared it": no buttons left', async () => {
    const publish = await h.click('UAUTHOR', `draft:publish|${draftId}:1`, 'UAUTHOR');
    const open = await h.opened(publish.triggerId);
    await h.submitView({
      callbackId: 'draft:publish',
      privateMetadata: open.private_metadata ?? '',
      userId: 'UAUTHOR',
      values: { urls: { urls: { type: 'plain_text_input', value: 'https://www.linkedin.com/feed/update/1' } } },
    });
    await h.relais.flushOutbox();
    const prompt = await h.fake.waitForCall(
      (c) => c.method === 'chat.postMessage' && c.args.channel === 'UAMY' && said(c.args).includes('A post is live'),
    );
    const stored = [...h.fake.messages.entries()].flatMap(([channel, list]) =>
      list.filter((m) => JSON.stringify(m.blocks ?? m.text).includes('A post is live')).map((m) => ({ channel, m })),
    );
    const promptTs = stored.at(-1)!.m.ts;
    const shared = buttonsOf(prompt.args)[0]!;
    const click = await h.click('UAMY', shared, 'D0AMY', undefined, promptTs);
    const answer = await h.answer(click.id);
    expect(answer.replace_original).toBe(true);
    expect(buttonsOf(answer)).toEqual([]);
    expect(said(answer)).toContain(`Recorded: you shared ${ref} (LinkedIn)`);
  });

  it('tells the author who asked for changes, with the card’s link and Edit; and who published for them', async () => {
    const submitted = await run('/draft', 'UAUTHOR', 'Autumn sale starts Monday #acme');
    const other = /D-\d+/.exec(submitted)![0];
    await h.relais.flushOutbox();
    const row = (await draftRow(Number(other.slice(2))))!;
    const asked = await h.click('UREVIEW', `draft:changes|${row.id}:1`, REVIEW, 'trig-changes', row.card!.id);
    const form = await h.opened('trig-changes');
    await h.submitView({
      callbackId: 'draft:changes',
      privateMetadata: form.private_metadata ?? '',
      userId: 'UREVIEW',
      values: { reason: { reason: { type: 'plain_text_input', value: 'Say which Monday' } } },
    });
    expect(said(await h.answer(asked.id))).toContain('You asked for changes');
    await h.relais.flushOutbox();
    const note = await h.fake.waitForCall(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.args.channel === 'UAUTHOR' &&
        said(c.args).includes(`on your draft ${other}`),
    );
    expect(said(note.args)).toContain('Say which Monday');
    expect(said(note.args)).toContain('"user_id":"UREVIEW"');
    expect(said(note.args)).toContain(`/archives/${row.card!.channel}/p${row.card!.id.replace('.', '')}`);
    expect(buttonsOf(note.args).map((b) => b.split('|')[0])).toEqual(['draft:edit']);

    // An admin marks the earlier, approved draft as published for its author.
    const third = await run('/draft', 'UAUTHOR', 'Winter news #acme');
    const thirdRef = /D-\d+/.exec(third)![0];
    await h.relais.flushOutbox();
    const thirdRow = (await draftRow(Number(thirdRef.slice(2))))!;
    await h.answer((await h.click('UREVIEW', `draft:approve|${thirdRow.id}:1`, REVIEW)).id);
    const publish = await h.click('UADMIN', `draft:publish|${thirdRow.id}:1`, REVIEW);
    const open = await h.opened(publish.triggerId);
    await h.submitView({
      callbackId: 'draft:publish',
      privateMetadata: open.private_metadata ?? '',
      userId: 'UADMIN',
      values: { urls: { urls: { type: 'plain_text_input', value: 'https://www.linkedin.com/feed/update/3' } } },
    });
    await h.relais.flushOutbox();
    const published = await h.fake.waitForCall(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.args.channel === 'UAUTHOR' &&
        said(c.args).includes(`${thirdRef} is marked as published`),
    );
    expect(said(published.args)).toContain('"user_id":"UADMIN"');
  });

  it('shows the new value on the settings card after a change from its form', async () => {
    const card = await h.answer((await h.slash('/relais', 'UADMIN', 'config')).id);
    expect(said(card)).toContain('Europe/Paris');
    const edit = buttonsOf(card).find((b) => b === 'config:edit|workspace')!;
    const click = await h.click('UADMIN', edit, 'C0GENERAL', 'trig-card', 'eph-card-1');
    const view = await h.opened('trig-card');
    const submit = await h.submitView({
      callbackId: view.callback_id ?? '',
      privateMetadata: view.private_metadata ?? '',
      userId: 'UADMIN',
      values: {
        language: { language: { type: 'static_select', selected_option: { value: 'en' } } },
        timezone: { timezone: { type: 'plain_text_input', value: 'America/Montreal' } },
        'mastodon-limit': { 'mastodon-limit': { type: 'number_input', value: '500' } },
        'prompts-per-week': { 'prompts-per-week': { type: 'number_input', value: '3' } },
        'prompt-max-age': { 'prompt-max-age': { type: 'number_input', value: '3' } },
      },
    });
    expect(submit.status).toBe(200);
    const replaced = await h.answer(click.id);
    expect(replaced.replace_original).toBe(true);
    expect(said(replaced)).toContain('Workspace settings');
    expect(said(replaced)).toContain('America/Montreal');
    expect(said(replaced)).not.toContain('Europe/Paris');
  });
});
