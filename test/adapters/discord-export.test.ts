import type { APIMessage } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statsHistory } from '../db/stats-history.ts';
import { EPHEMERAL, shown } from '../fakes/discord-calls.ts';
import { reviewDesk } from '../support/discord-desk.ts';
import { type DiscordHarness, startDiscordHarness } from '../support/discord-harness.ts';

/** `/stats export` through the real discord.js client: the CSV attached to the private answer, as a file. */

const desk = reviewDesk('88');
const { GUILD, GENERAL, admin, author } = desk;
const now = new Date('2026-03-20T10:00:00Z');

describe.each(['gateway', 'http'] as const)('/stats export on Discord (%s)', (transport) => {
  let h: DiscordHarness;

  beforeAll(async () => {
    h = await startDiscordHarness({
      guild: { id: GUILD, name: 'Acme', channels: [{ id: GENERAL, name: 'general' }] },
      start: { clock: { now: () => now } },
      transport,
    });
    await h.command('relais', 'config', [{ type: 3, name: 'language', value: 'en' }], admin);
    const history = statsHistory(h.database.db, (await h.workspace()).id);
    await history.draft({
      number: 1,
      author: author.user.id,
      campaign: 'spring',
      events: [
        ['submitted', '2026-03-02T09:00:00Z'],
        ['approved', '2026-03-02T11:00:00Z'],
        ['published', '2026-03-03T08:00:00Z'],
      ],
    });
    // A campaign a spreadsheet would run as a formula.
    await history.draft({
      number: 2,
      author: author.user.id,
      campaign: '=HYPERLINK("x")',
      events: [['submitted', '2026-03-04T09:00:00Z']],
    });
    // Another month: not in the file.
    await history.draft({ number: 3, author: author.user.id, events: [['submitted', '2026-02-04T09:00:00Z']] });
  });

  afterAll(async () => h?.close());

  it('answers privately with the CSV file attached: one row per draft of the month, formulas defused', async () => {
    const call = await h.command('stats', 'export', [{ type: 3, name: 'month', value: '2026-03' }], author);
    // Deferred privately, then the answer edited with the file (an HTTP answer cannot carry one).
    expect(call.body).toMatchObject({ type: 5, data: { flags: EPHEMERAL } });
    const edit = await h.fake.waitForCall((c) => c.method === 'PATCH' && c.path.endsWith('/messages/@original'));
    expect(shown(edit)).toContain('Rows: 2, one per draft submitted or published in March 2026');
    expect(edit.files.map((f) => [f.filename, f.contentType])).toEqual([['relais-2026-03.csv', 'text/csv']]);
    const csv = edit.files[0]!.data.toString('utf8');
    const lines = csv
      .replace(/^\ufeff/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toMatch(/^reference,author,campaign,networks,state,submitted,approved,published/);
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 3).join(','))).toEqual([
      `D-1,${author.user.id},spring`,
      `D-2,${author.user.id},"'=HYPERLINK(""x"")"`,
    ]);
    const message = edit.response as APIMessage;
    expect((message.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    expect(message.attachments.map((a) => a.filename)).toEqual(['relais-2026-03.csv']);
  });
});
