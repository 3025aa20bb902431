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
