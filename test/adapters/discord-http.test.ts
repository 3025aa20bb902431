import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customIds, isPrivate, messageOf, modal, shown } from '../fakes/discord-calls.ts';
import { chatInput, ping } from '../fakes/discord-interactions.ts';
import { reviewDesk, startReviewDesk } from '../support/discord-desk.ts';
import type { DiscordHarness } from '../support/discord-harness.ts';

/**
 * Discord's Interactions Endpoint: with DISCORD_PUBLIC_KEY set, Relais opens no gateway session;
 * the fake POSTs each interaction to /discord/interactions, signed with Ed25519 as Discord signs
 * it, and takes the HTTP response as the interaction's answer.
 */

const desk = reviewDesk('86');
const { GUILD, GENERAL, admin, author, reviewer } = desk;

let h: DiscordHarness;

beforeAll(async () => {
  const started = await startReviewDesk(desk, { transport: 'http' });
  h = started.h;
  const setup = started.setup;
  expect(setup.headers['x-answered-in']).toBe('http-response');
  expect(shown(setup)).toContain('Saved');
});

afterAll(async () => {
  await h?.close();
});

const draftNew = (text: string) =>
  chatInput({
    name: 'draft',
    options: [{ type: 1, name: 'new', options: [{ type: 3, name: 'text', value: text }] }],
    guildId: GUILD,
    channelId: GENERAL,
    ...author,
  });

async function drafts() {
  return h.relais.deps.store.drafts.byAuthor((await h.workspace()).id, author.user.id, 10);
}

describe('Discord interactions over HTTP (Interactions Endpoint)', () => {
  it('opens no gateway session and answers a PING with a PONG', async () => {
    expect(h.fake.identifies).toHaveLength(0);
    expect(h.fake.calls.some((c) => c.path === '/gateway/bot')).toBe(false);
    expect(await h.fake.deliverOverHttp(h.endpoint, ping())).toEqual({ status: 200, body: { type: 1 } });
  });

  it('refuses a bad or missing signature with 401 and does nothing', async () => {
    const forged = draftNew('Forged #acme');
    expect((await h.fake.deliverOverHttp(h.endpoint, forged, 'wrong-key')).status).toBe(401);
    expect((await h.fake.deliverOverHttp(h.endpoint, draftNew('Unsigned #acme'), 'none')).status).toBe(401);
    expect((await h.fake.deliverOverHttp(h.endpoint, ping(), 'wrong-key')).status).toBe(401);
    expect(h.fake.calls.filter((c) => c.path.startsWith(`/interactions/${forged.id}/`))).toHaveLength(0);
    expect(await drafts()).toHaveLength(0);
    // Discord may deliver the real one afterwards: the refused attempt claimed nothing.
    expect(shown(await h.interact(forged))).toContain('submitted');
  });

  it('answers commands, forms and clicks in the HTTP response, and finds channels without a gateway', async () => {
    // A form's `#name` is looked up through the REST API (there is no channel cache without a gateway).
    const form = await h.submit(
      'config:review|',
      { 'review-channel': '#general', approvals: '1', 'review-delay': '36', networks: 'linkedin' },
      admin,
    );
    expect(isPrivate(form)).toBe(true);
    expect(shown(form)).toContain('Saved');
    expect(h.fake.calls.some((c) => c.method === 'GET' && c.path === `/guilds/${GUILD}/channels`)).toBe(true);
    const settings = await h.relais.deps.store.getSettings((await h.workspace()).id);
    expect(settings).toMatchObject({ reviewChannel: GENERAL, reviewDelayHours: 36 });

    const opened = await h.command('draft', 'new', [], author);
    expect(modal(opened).custom_id).toBe('draft:new|');

    const submitted = await h.interact(draftNew('Over HTTP #acme'));
    expect(shown(submitted)).toContain('is submitted');
    await h.relais.flushOutbox();
    const card = messageOf(
      await h.fake.waitForCall(
        (c) =>
          c.method === 'POST' &&
          c.path === `/channels/${GENERAL}/messages` &&
          JSON.stringify(c.body).includes('Over HTTP'),
      ),
    );
    const approved = await h.click(customIds(card)[0] ?? '', card, reviewer, GENERAL);
    expect(shown(approved)).toContain('You approved');
  });
});
