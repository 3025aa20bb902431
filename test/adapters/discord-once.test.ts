import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customIds, messageOf, shown } from '../fakes/discord-calls.ts';
import type { RecordedCall } from '../fakes/discord-fake.ts';
import { chatInput, component } from '../fakes/discord-interactions.ts';
import { reviewDesk, startReviewDesk } from '../support/discord-desk.ts';
import type { DiscordHarness } from '../support/discord-harness.ts';

/**
 * One answer per interaction: Discord may deliver the same INTERACTION_CREATE twice (a gateway
 * replay after a resume, or two processes logged in with one token). Relais does the work once
 * and answers once, with the real answer; the second delivery sends no callback at all.
 */

const desk = reviewDesk('85');
const { GUILD, GENERAL, REVIEW, author, reviewer } = desk;

let h: DiscordHarness;

beforeAll(async () => {
  ({ h } = await startReviewDesk(desk));
});

afterAll(async () => {
  await h?.close();
});

const callbacksOf = (id: string): RecordedCall[] =>
  h.fake.calls.filter((c) => c.method === 'POST' && c.path.startsWith(`/interactions/${id}/`));

/** Delivers the same interaction twice; resolves with the first answer once Relais has dealt with both deliveries. */
async function deliverTwice(payload: Parameters<DiscordHarness['interact']>[0]): Promise<RecordedCall> {
  const isAnswer = (c: RecordedCall) => c.method === 'POST' && c.path.startsWith(`/interactions/${payload.id}/`);
  h.fake.dispatchInteraction(payload);
  h.fake.dispatchInteraction(payload);
  const answer = await h.fake.waitForCall(isAnswer);
  // The second delivery is dealt with when Relais says it let it go, or (the bug) when it answers it too.
  await Promise.race([
    h.logs.waitForLog(['already claimed', `"interaction":"${payload.id}"`]),
    h.fake.waitForCall((c) => c !== answer && isAnswer(c)),
  ]);
  return answer;
}

describe('the same interaction delivered twice on Discord', () => {
  it('creates one draft and answers once, with the real answer', async () => {
    const payload = chatInput({
      name: 'draft',
      options: [{ type: 1, name: 'new', options: [{ type: 3, name: 'text', value: 'Launch day #acme' }] }],
      guildId: GUILD,
      channelId: GENERAL,
      ...author,
    });
    const answer = await deliverTwice(payload);
    expect(shown(answer)).toContain('D-1 is submitted');
    expect(shown(answer)).not.toContain('already received');
    expect(callbacksOf(payload.id)).toHaveLength(1);
    expect(callbacksOf(payload.id)[0]?.status).toBe(204);
    const ws = await h.workspace();
    expect(await h.relais.deps.store.drafts.byAuthor(ws.id, author.user.id, 10)).toHaveLength(1);
  });

  it('records one approval for a click delivered twice, and answers it once', async () => {
    await h.relais.flushOutbox();
    const card = messageOf(
      await h.fake.waitForCall((c) => c.method === 'POST' && c.path === `/channels/${REVIEW}/messages`),
    );
    const payload = component({
      customId: customIds(card)[0] ?? '',
      message: card,
      guildId: GUILD,
      channelId: REVIEW,
      ...reviewer,
    });
    const answer = await deliverTwice(payload);
    expect(shown(answer)).toContain('You approved D-1');
    expect(callbacksOf(payload.id)).toHaveLength(1);
    const ws = await h.workspace();
    const draft = await h.relais.deps.store.drafts.byNumber(ws.id, 1);
    expect(await h.relais.deps.store.drafts.reviews(draft?.id ?? '', 1)).toHaveLength(1);
  });
});
