import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackCall } from '../fakes/slack-fake.ts';
import { postSigned, viewSubmissionBody } from '../fakes/slack-requests.ts';
import { buttonsOf, type SlackHarness, said, startSlackHarness } from '../support/slack-harness.ts';

/** Ambassadors through the real Bolt app: join, a post goes live, the prompt, its buttons, stop. */

const TEAM = 'T0AMB';
const REVIEW = 'C0REVIEW';
let h: SlackHarness;

beforeAll(async () => {
  h = await startSlackHarness({
    team: TEAM,
    fake: {
      users: ['UADMIN', 'UAUTHOR', 'UREVIEW', 'UAMY', 'UBEN', 'UCAT'].map((id) => ({
        id,
        locale: 'en-US',
        is_admin: id === 'UADMIN',
      })),
    },
  });
  await h.slash('/relais', 'UADMIN', `config review-channel <#${REVIEW}|review> reviewers <@UREVIEW> language en`);
  for (const person of ['UAMY', 'UBEN', 'UCAT']) {
    const joined = await h.slash('/ambassador', person, 'join linkedin, x');
    expect(said(await h.answer(joined.id))).toContain('You are an ambassador');
    // Any time of day, so the test does not depend on when it runs.
    expect(said(await h.answer((await h.slash('/ambassador', person, 'hours 00:00-24:00 mon-sun UTC')).id))).toContain(
      'Prompts will come',
    );
  }
});

afterAll(async () => h?.close());

const promptsTo = (userId: string) =>
  h.fake.calls.filter(
    (c) => c.method === 'chat.postMessage' && c.args.channel === userId && said(c.args).includes('A post is live'),
  );

async function publishPost(text: string) {
  const submitted = await h.slash('/draft', 'UAUTHOR', text);
  const ref = /D-(\d+)/.exec(said(await h.answer(submitted.id)))![1];
  await h.relais.flushOutbox();
  const ws = await h.relais.deps.store.ensureWorkspace({ platform: 'slack', externalId: TEAM });
  const draft = (await h.relais.deps.store.drafts.byNumber(ws.id, Number(ref)))!;
  await h.answer((await h.click('UREVIEW', `draft:approve|${draft.id}:1`, REVIEW)).id);
  const publish = await h.click('UAUTHOR', `draft:publish|${draft.id}:1`, REVIEW);
  const open = await h.opened(publish.triggerId);
  await postSigned(
    h.events,
    h.secret,
    viewSubmissionBody({
      callbackId: 'draft:publish',
      privateMetadata: open.private_metadata ?? '',
      userId: 'UAUTHOR',
      teamId: TEAM,
      values: { urls: { urls: { type: 'plain_text_input', value: `https://www.linkedin.com/feed/${ref}` } } },
    }),
  );
  await h.relais.flushOutbox();
  return draft;
}

describe('ambassadors on Slack', () => {
  let prompt: SlackCall;

  it('sends each ambassador one direct prompt when a post goes live, text ready to copy and the live link', async () => {
    await publishPost('Our spring collection is out! #acme');
    for (const person of ['UAMY', 'UBEN', 'UCAT']) expect(promptsTo(person)).toHaveLength(1);
    prompt = promptsTo('UAMY')[0]!;
    expect(said(prompt.args)).toContain('Our spring collection is out!');
    expect(said(prompt.args)).toContain('https://www.linkedin.com/feed/');
    expect(buttonsOf(prompt.args).map((b) => b.split('|')[0])).toEqual(['prompt:shared', 'prompt:skip', 'prompt:stop']);
  });

  it('changes nothing when someone else clicks "I shared it", and records the recipient’s share', async () => {
    const shared = buttonsOf(prompt.args)[0]!;
    const stranger = await h.click('UBEN', shared, 'D0AMY');
    expect(said(await h.answer(stranger.id))).toContain('was for someone else');
    const mine = await h.click('UAMY', shared, 'D0AMY');
    expect(said(await h.answer(mine.id))).toContain('Thank you');
    const skip = await h.click('UBEN', buttonsOf(promptsTo('UBEN')[0]!.args)[1]!, 'D0BEN');
    expect(said(await h.answer(skip.id))).toContain('maybe next time');
    const stats = await h.slash('/ambassador', 'UCAT', 'stats');
    expect(said(await h.answer(stats.id))).toMatch(/shared: 1 · skipped: 1/);
  });

  it('stops at once with "Stop these messages": no prompt for the next post', async () => {
    const stop = await h.click('UCAT', buttonsOf(promptsTo('UCAT')[0]!.args)[2]!, 'D0CAT');
    expect(said(await h.answer(stop.id))).toContain('will not get these messages');
    await publishPost('Second post #acme');
    expect(promptsTo('UAMY')).toHaveLength(2);
    expect(promptsTo('UCAT')).toHaveLength(1);
  });

  it('gives the text ready to copy as the author typed it, though Slack escaped it on the way in', async () => {
    await publishPost('Notre labo R&amp;D &lt;3 #acme');
    const latest = promptsTo('UAMY').at(-1);
    expect(said(latest?.args ?? {})).toContain('"text":"Notre labo R&D <3 #acme","style":{"code":true}');
  });
});
