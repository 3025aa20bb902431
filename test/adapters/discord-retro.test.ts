import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/client.ts';
import { sendDueRetros } from '../../src/services/retro.ts';
import { statsHistory } from '../db/stats-history.ts';
import { obj } from '../fakes/discord/json.ts';
import { customIds, isPrivate, messageOf, modal, modalInputs, reply, shown } from '../fakes/discord-calls.ts';
import { modalSubmit } from '../fakes/discord-interactions.ts';
import { reviewDesk } from '../support/discord-desk.ts';
import { type DiscordHarness, startDiscordHarness } from '../support/discord-harness.ts';

/** The author's retro through the real discord.js client and the fake Discord: a DM, its modal, the answer once. */

const desk = reviewDesk('87');
const { GUILD, GENERAL, admin, author, reviewer } = desk;
const HOUR = 3_600_000;
const PUBLISHED = Date.parse('2026-03-30T08:00:00Z');
let now = new Date(PUBLISHED);
let h: DiscordHarness;
let draftId: string;

beforeAll(async () => {
  h = await startDiscordHarness({
    guild: { id: GUILD, name: 'Acme', channels: [{ id: GENERAL, name: 'general' }] },
    start: { clock: { now: () => now } },
  });
  const setup = await h.command('relais', 'config', [{ type: 3, name: 'language', value: 'en' }], admin);
  expect(shown(setup)).toContain('Saved');
  const workspace = await h.workspace();
  draftId = await statsHistory(h.database.db, workspace.id).draft({
    number: 3,
    author: author.user.id,
    events: [
      ['submitted', new Date(PUBLISHED - 2 * HOUR).toISOString()],
      ['approved', new Date(PUBLISHED - HOUR).toISOString()],
      ['published', new Date(PUBLISHED).toISOString()],
    ],
  });
});

afterAll(async () => h?.close());

const results = async () =>
  rowsOf<{ reactions: number | null; shares: number | null; worked: string[]; word: string | null }>(
    await h.database.db.execute(
      sql`select reactions, shares, worked, word from draft_results where draft_id = ${draftId}::uuid`,
    ),
  );

describe('the author’s retro on Discord', () => {
  let dm = '';
  let question: ReturnType<typeof messageOf>;

  it('sends the author one direct message once the delay has passed', async () => {
    now = new Date(PUBLISHED + 48 * HOUR - 60_000);
    expect(await sendDueRetros(h.relais.deps, 'replica-0')).toBe(0);
    now = new Date(PUBLISHED + 48 * HOUR);
    const [a, b] = await Promise.all([
      sendDueRetros(h.relais.deps, 'replica-0'),
      sendDueRetros(h.relais.deps, 'replica-1'),
    ]);
    expect(a + b).toBe(1);
    await h.relais.flushOutbox();
    const opened = h.fake.calls.filter(
      (c) => c.path === '/users/@me/channels' && obj(c.body).recipient_id === author.user.id,
    );
    expect(opened).toHaveLength(1);
    dm = String(obj(opened[0]!.response).id);
    const posts = h.fake.calls.filter((c) => c.method === 'POST' && c.path === `/channels/${dm}/messages`);
    expect(posts).toHaveLength(1);
    question = messageOf(posts[0]!);
    expect(shown(posts[0]!)).toContain('How did D-3 do?');
    expect(customIds(question)).toEqual([`retro:open|${draftId}`]);
  });

  it('opens the form for the author from the DM, and refuses anyone else', async () => {
    const open = customIds(question)[0]!;
    const other = await h.click(open, question, reviewer, dm, { guild: false });
    expect(isPrivate(other)).toBe(true);
    expect(shown(other)).toContain('Only the author of D-3');
    const form = await h.click(open, question, author, dm, { guild: false });
    expect(modalInputs(modal(form)).map((i) => i.custom_id)).toEqual([
      'reactions',
      'comments',
      'shares',
      'clicks',
      'worked',
    ]);
  });

  it('names bad numbers, records a good answer once, and refuses a second one', async () => {
    const open = customIds(question)[0]!;
    const form = modal(await h.click(open, question, author, dm, { guild: false }));
    // Submitted in the DM: no server in the interaction.
    const submit = (fields: Record<string, string>) =>
      h.interact(modalSubmit({ customId: form.custom_id, fields, channelId: dm, ...author }));
    const empty = { reactions: '', comments: '', shares: '', clicks: '', worked: '' };

    const bad = await submit({ ...empty, reactions: 'lots', shares: '-2' });
    expect(isPrivate(bad)).toBe(true);
    expect(shown(bad)).toMatch(/reactions.*whole number/i);
    expect(shown(bad)).toMatch(/shares.*whole number/i);
    expect(await results()).toEqual([]);
    // Discord closed the form: "Fix it" opens it again with what was typed.
    const data = reply(bad);
    const fixIt = customIds(data).find((id) => id.startsWith('form:reopen|'));
    expect(JSON.stringify(data.components)).toContain('Fix it');
    const reopened = modal(
      await h.click(fixIt!, { ...data, id: '870000000000009998', channel_id: dm }, author, dm, { guild: false }),
    );
    expect(modalInputs(reopened).find((i) => i.custom_id === 'reactions')?.value).toBe('lots');

    const good = await submit({ ...empty, reactions: '42', shares: '5', worked: 'visuel, sujet : la photo' });
    expect(isPrivate(good)).toBe(true);
    expect(shown(good)).toContain('results of D-3 are recorded');
    expect(await results()).toEqual([{ reactions: 42, shares: 5, worked: ['visual', 'topic'], word: 'la photo' }]);

    const again = await submit({ ...empty, reactions: '1000' });
    expect(isPrivate(again)).toBe(true);
    expect(shown(again)).toContain('already recorded');
    expect((await results())[0]?.reactions).toBe(42);

    const late = await h.click(open, question, author, dm, { guild: false });
    expect(shown(late)).toContain('already recorded');

    // /stats insights now counts the answer.
    const insights = await h.command('stats', 'insights', [], author);
    expect(shown(insights)).toMatch(/from 1 posts?/);
  });
});
