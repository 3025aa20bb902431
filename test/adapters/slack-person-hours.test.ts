import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postSigned, viewSubmissionBody } from '../fakes/slack-requests.ts';
import { type SlackHarness, said, startSlackHarness } from '../support/slack-harness.ts';

/**
 * Each person's own timezone and language on Slack, in a French workspace on Paris time: an
 * ambassador whose profile says en-US and America/New_York hears, when joining, that prompts come
 * between 09:00 and 18:00, Mon–Fri, New York time; a post that goes live at 04:00 in New York
 * reaches him at 09:00 his time, in English, while a Paris colleague gets hers at once, in French.
 */

const TEAM = 'T0HOURS';
const REVIEW = 'C0REVIEW';
let h: SlackHarness;
// Tuesday 1 December 2026, 09:00 UTC: 10:00 in Paris, 04:00 in New York. Ticks with real time.
let shift = Date.parse('2026-12-01T09:00:00Z') - Date.now();
const clock = { now: () => new Date(Date.now() + shift) };
const setClock = (iso: string) => {
  shift = Date.parse(iso) - Date.now();
};

beforeAll(async () => {
  h = await startSlackHarness({
    team: TEAM,
    clock,
    fake: {
      users: [
        { id: 'UADMIN', is_admin: true, locale: 'fr-FR', tz: 'Europe/Paris' },
        { id: 'UAUTHOR', locale: 'fr-FR', tz: 'Europe/Paris' },
        { id: 'UREVIEW', locale: 'fr-FR', tz: 'Europe/Paris' },
        { id: 'UNEWYORK', locale: 'en-US', tz: 'America/New_York' },
        { id: 'UPARIS', locale: 'fr-FR', tz: 'Europe/Paris' },
      ],
    },
  });
  await h.slash(
    '/relais',
    'UADMIN',
    `config review-channel <#${REVIEW}|review> reviewers <@UREVIEW> language fr timezone Europe/Paris`,
  );
});

afterAll(async () => h?.close());

const promptsTo = (userId: string) =>
  h.fake.calls.filter(
    (c) =>
      c.method === 'chat.postMessage' &&
      c.args.channel === userId &&
      /A post is live|Un post est en ligne/.test(said(c.args)),
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
}

describe('each person’s own hours on Slack', () => {
  it('says, on joining, when prompts may come: on the person’s clock, weekdays as names, in their language', async () => {
    const ny = said(await h.answer((await h.slash('/ambassador', 'UNEWYORK', 'join')).id));
    expect(ny).toContain('You are an ambassador');
    expect(ny).toContain('Prompts will come between 09:00 and 18:00, Mon–Fri, New York time.');
    const paris = said(await h.answer((await h.slash('/ambassador', 'UPARIS', 'join')).id));
    expect(paris).toContain('Les invitations arriveront entre 09:00 et 18:00, lun.–ven., heure de Paris.');
  });

  it('prompts the New Yorker only inside 09:00–18:00 New York time, in English', async () => {
    await publishPost('Notre collection de printemps est en ligne #acme');
    // 10:00 in Paris: the Paris ambassador is prompted at once, in French.
    expect(promptsTo('UPARIS')).toHaveLength(1);
    expect(said(promptsTo('UPARIS')[0]!.args)).toContain('Un post est en ligne');
    // 04:00 in New York: nothing yet, nor at 08:59.
    expect(promptsTo('UNEWYORK')).toHaveLength(0);
    setClock('2026-12-01T13:59:00Z');
    await h.relais.flushOutbox();
    expect(promptsTo('UNEWYORK')).toHaveLength(0);
    // 09:00 in New York.
    setClock('2026-12-01T14:00:30Z');
    await h.relais.flushOutbox();
    expect(promptsTo('UNEWYORK')).toHaveLength(1);
    const prompt = said(promptsTo('UNEWYORK')[0]!.args);
    expect(prompt).toContain('A post is live');
    expect(prompt).toContain('I shared it');
  });

  it('shows a draft’s history on the reader’s clock: 04:00 in New York, 10:00 in Paris', async () => {
    const history = (text: string) => text.slice(text.search(/History|Historique/));
    const ny = history(said(await h.answer((await h.slash('/draft', 'UNEWYORK', 'show D-1')).id)));
    expect(ny).toMatch(/\b04:0\d\b/);
    expect(ny).not.toMatch(/\b10:0\d\b/);
    const paris = history(said(await h.answer((await h.slash('/draft', 'UPARIS', 'show D-1')).id)));
    expect(paris).toMatch(/\b10:0\d\b/);
    expect(paris).not.toMatch(/\b04:0\d\b/);
  });

  it('keeps the zone a person sets with /ambassador hours over the profile’s', async () => {
    const set = said(
      await h.answer((await h.slash('/ambassador', 'UNEWYORK', 'hours 08:00-12:00 sat-mon Europe/London')).id),
    );
    expect(set).toContain('Prompts will come between 08:00 and 12:00, Sat–Mon, London time.');
  });

  it('writes rates as each language does: "share rate: 0%" in English, "taux de partage : 0 %" in French', async () => {
    const en = said(await h.answer((await h.slash('/ambassador', 'UNEWYORK', 'stats')).id));
    expect(en).toMatch(/share rate: \d+%/);
    const fr = said(await h.answer((await h.slash('/ambassador', 'UPARIS', 'stats')).id));
    expect(fr).toMatch(/taux de partage\u00a0: \d+[\u00a0\u202f]%/);
  });
});
