import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockActionsBody, postSigned, viewSubmissionBody } from '../fakes/slack-requests.ts';
import { buttonsIn, type SlackHarness, startSlackHarness, said as textOf } from '../support/slack-harness.ts';

/**
 * The real Bolt app inside Relais, receiving signed requests on Relais' own HTTP server, with its
 * Web API pointed at a local fake that records every call.
 */

const TEAM = 'T0RELAIS';
let h: SlackHarness;
let SECRET: string;
let events: string;

beforeAll(async () => {
  h = await startSlackHarness({
    team: TEAM,
    fake: {
      users: [
        { id: 'UADMIN', name: 'ada', is_admin: true, locale: 'fr-FR' },
        { id: 'UMEMBER', name: 'max', locale: 'en-US' },
      ],
    },
  });
  SECRET = h.secret;
  events = h.events;
});

afterAll(async () => h?.close());

const slash = (userId: string, text: string, opts: { badSignature?: boolean; timestampSec?: number } = {}) =>
  h.slash('/relais', userId, text, opts);
const answerTo = (id: string) => h.answer(id);

async function settings() {
  const ws = await h.relais.deps.store.ensureWorkspace({ platform: 'slack', externalId: TEAM });
  return h.relais.deps.store.getSettings(ws.id);
}

describe('Slack adapter (real Bolt, local Web API fake)', () => {
  it('answers /relais help privately, in the reader’s language, well inside 3 s', async () => {
    const en = await slash('UMEMBER', 'help');
    expect(en.res.status).toBe(200);
    expect(en.res.ms).toBeLessThan(3000);
    const body = await answerTo(en.id);
    expect(body.response_type).toBe('ephemeral');
    expect(body.blocks?.[0]).toEqual({
      type: 'header',
      text: expect.objectContaining({ type: 'plain_text', text: 'Relais — commands' }),
    });
    expect(textOf(body)).toContain('/relais config');

    const fr = await slash('UADMIN', '');
    expect(textOf(await answerTo(fr.id))).toContain('Relais — commandes');
  });

  it('refuses badly signed and stale requests with 401, and runs nothing for them', async () => {
    const forged = await slash('UADMIN', 'config approvals 9', { badSignature: true });
    const stale = await slash('UADMIN', 'config approvals 9', { timestampSec: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(forged.res.status).toBe(401);
    expect(stale.res.status).toBe(401);
    // A valid request after them is answered; theirs never are, and nothing changed.
    const after = await slash('UMEMBER', 'help');
    await answerTo(after.id);
    expect(h.fake.responses.filter((r) => r.id === forged.id || r.id === stale.id)).toEqual([]);
    expect((await settings()).approvalsNeeded).not.toBe(9);
  });

  it('refuses /relais config to people who are not admins, and changes nothing', async () => {
    const { id } = await slash('UMEMBER', 'config approvals 4');
    const body = await answerTo(id);
    expect(body.response_type).toBe('ephemeral');
    expect(textOf(body)).toContain('Only admins');
    expect((await settings()).approvalsNeeded).toBe(1);
  });

  it('lets a Slack workspace admin change settings with text, channel mentions included', async () => {
    const { id } = await slash(
      'UADMIN',
      'config approvals 2 review-channel <#C0REVIEW|review> reviewers <@UMEMBER|max>',
    );
    expect(textOf(await answerTo(id))).toContain('Enregistré');
    expect(await settings()).toMatchObject({ approvalsNeeded: 2, reviewChannel: 'C0REVIEW', reviewers: ['UMEMBER'] });
  });

  it('opens the settings form from the card and saves what the modal submits', async () => {
    const card = await slash('UADMIN', 'config');
    const cardBody = await answerTo(card.id);
    const edit = buttonsIn(cardBody).find((b) => b.value === 'workspace');
    expect(edit?.action_id).toBe('config:edit|workspace');

    const triggerId = 'trig-1';
    const click = await postSigned(
      events,
      SECRET,
      blockActionsBody({
        actionId: edit?.action_id ?? '',
        value: edit?.value,
        userId: 'UADMIN',
        teamId: TEAM,
        channelId: 'C0GENERAL',
        responseUrl: h.fake.responseUrl('card-click'),
        triggerId,
      }),
    );
    expect(click.status).toBe(200);
    const view = await h.opened(triggerId);
    expect(view.callback_id).toBe('config:workspace');
    expect(view.blocks.map((b) => b.block_id)).toEqual([
      'language',
      'timezone',
      'mastodon-limit',
      'prompts-per-week',
      'prompt-max-age',
    ]);
    expect(view.title).toMatchObject({ text: expect.stringMatching(/^.{1,24}$/) });

    const submit = await postSigned(
      events,
      SECRET,
      viewSubmissionBody({
        callbackId: view.callback_id ?? '',
        privateMetadata: view.private_metadata ?? '',
        userId: 'UADMIN',
        teamId: TEAM,
        values: {
          language: { language: { type: 'static_select', selected_option: { value: 'en' } } },
          timezone: { timezone: { type: 'plain_text_input', value: 'America/Montreal' } },
          'mastodon-limit': { 'mastodon-limit': { type: 'number_input', value: '1000' } },
          'prompts-per-week': { 'prompts-per-week': { type: 'number_input', value: '3' } },
          'prompt-max-age': { 'prompt-max-age': { type: 'number_input', value: '3' } },
        },
      }),
    );
    expect(submit.status).toBe(200);
    expect(submit.body).toBe('');
    expect(textOf(await answerTo('card-click'))).toContain('Enregistré'); // Ada's own Slack locale is French
    expect(await settings()).toMatchObject({ locale: 'en', timezone: 'America/Montreal', mastodonLimit: 1000 });
  });

  it('shows a bad form value beside its field and keeps the modal open', async () => {
    const submit = await postSigned(
      events,
      SECRET,
      viewSubmissionBody({
        callbackId: 'config:workspace',
        privateMetadata: JSON.stringify({ c: 'C0GENERAL', r: null }),
        userId: 'UADMIN',
        teamId: TEAM,
        values: {
          language: { language: { type: 'static_select', selected_option: { value: 'fr' } } },
          timezone: { timezone: { type: 'plain_text_input', value: 'Nowhere/Atlantis' } },
          'mastodon-limit': { 'mastodon-limit': { type: 'number_input', value: '500' } },
          'prompts-per-week': { 'prompts-per-week': { type: 'number_input', value: '3' } },
          'prompt-max-age': { 'prompt-max-age': { type: 'number_input', value: '3' } },
        },
      }),
    );
    expect(JSON.parse(submit.body)).toEqual({
      response_action: 'errors',
      errors: { timezone: expect.stringContaining('IANA') },
    });
    expect((await settings()).timezone).toBe('America/Montreal');
  });
});
