import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/services/deps.ts';
import { remindReviewers } from '../../src/services/draft-reminders.ts';
import { reply } from '../fakes/discord-calls.ts';
import { type DiscordHarness, MANAGE_GUILD, startDiscordHarness } from '../support/discord-harness.ts';
import { type SlackHarness, startSlackHarness } from '../support/slack-harness.ts';

/**
 * Relais is not a person: what it does itself (the review reminder) shows as "Relais" in a
 * draft's history, on Discord through discord.js and on Slack through Bolt, never as a mention
 * of a user called "relais" (which Discord prints raw as <@relais>).
 */

/** The text a person reads in a Slack answer: every `text` of its blocks, in order. */
const slackText = (v: unknown): string =>
  Array.isArray(v)
    ? v.map(slackText).join('')
    : v && typeof v === 'object'
      ? Object.entries(v)
          .map(([k, x]) => (k === 'text' && typeof x === 'string' ? x : slackText(x)))
          .join('')
      : '';

/** Runs the review reminders as the scheduler would, two days from now. */
const remindLater = (deps: Deps) =>
  remindReviewers({ ...deps, clock: { now: () => new Date(deps.clock.now().getTime() + 48 * 3_600_000) } });

describe('Relais’ own acts in a draft’s history', () => {
  let discord: DiscordHarness;
  let slack: SlackHarness;
  const GUILD = '880000000000000001';
  const GENERAL = '880000000000000010';
  const REVIEW = '880000000000000011';
  const admin = { user: { id: '880000000000000500', username: 'ada' }, permissions: MANAGE_GUILD, locale: 'en-US' };
  const author = { user: { id: '880000000000000501', username: 'chloe' }, permissions: 0n, locale: 'en-US' };

  beforeAll(async () => {
    [discord, slack] = await Promise.all([
      startDiscordHarness({
        guild: {
          id: GUILD,
          name: 'Acme',
          channels: [
            { id: GENERAL, name: 'general' },
            { id: REVIEW, name: 'review' },
          ],
        },
      }),
      startSlackHarness({
        team: 'T0ACTS',
        fake: {
          users: [
            { id: 'UADMIN', is_admin: true, locale: 'en-US' },
            { id: 'UAUTHOR', locale: 'en-US' },
            { id: 'UREVIEW', locale: 'en-US' },
          ],
        },
      }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([discord?.close(), slack?.close()]);
  });

  it('shows the review reminder as done by Relais on Discord', async () => {
    await discord.command(
      'relais',
      'config',
      [
        { type: 7, name: 'review-channel', value: REVIEW },
        { type: 3, name: 'reviewers', value: '<@880000000000000502>' },
        { type: 3, name: 'language', value: 'en' },
      ],
      admin,
    );
    await discord.command('draft', 'new', [{ type: 3, name: 'text', value: 'Spring launch #acme' }], author);
    expect(await remindLater(discord.relais.deps)).toBe(1);
    const shown = await discord.command('draft', 'show', [{ type: 3, name: 'ref', value: 'D-1' }], author);
    const history = JSON.stringify(reply(shown).embeds);
    expect(history).toContain('Relais reviewers reminded');
    expect(history).not.toMatch(/<@!?relais>/i);
  });

  it('shows the review reminder as done by Relais on Slack', async () => {
    const setup = await slack.slash(
      '/relais',
      'UADMIN',
      'config review-channel <#C0REVIEW|review> reviewers <@UREVIEW> language en',
    );
    expect(JSON.stringify(await slack.answer(setup.id))).toContain('Saved');
    await slack.slash('/draft', 'UAUTHOR', 'Spring launch #acme');
    expect(await remindLater(slack.relais.deps)).toBe(1);
    const shown = await slack.slash('/draft', 'UAUTHOR', 'show D-1');
    const answer = await slack.answer(shown.id);
    expect(slackText(answer.blocks)).toContain('Relais reviewers reminded');
    expect(JSON.stringify(answer)).not.toContain('"user_id":"relais"');
    expect(JSON.stringify(answer)).not.toMatch(/<@relais>/i);
  });
});
