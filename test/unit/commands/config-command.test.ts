import { describe, expect, it } from 'vitest';
import type { Reply } from '../../../src/message/model.ts';
import { spansToPlain } from '../../../src/message/model.ts';
import { coreHarness } from '../../support/core-harness.ts';

/** Everything a reply says, as plain text, to assert on what a person reads. */
function said(reply: Reply): string {
  if (reply.kind === 'form-errors') return Object.values(reply.errors).join('\n');
  if (reply.kind !== 'message') return '';
  return reply.message.blocks
    .map((b) =>
      'text' in b
        ? typeof b.text === 'string'
          ? b.text
          : spansToPlain(b.text)
        : b.type === 'fields'
          ? b.fields.map((f) => `${f.label}: ${spansToPlain(f.value)}`).join('\n')
          : '',
    )
    .join('\n');
}

describe('/relais help', () => {
  it("lists every command in the reader's language, privately", async () => {
    const h = coreHarness();
    const en = await h.dispatcher.command(h.member, { command: 'relais', text: 'help' });
    expect(en.kind === 'message' && en.message.visibility).toBe('only-you');
    expect(said(en)).toContain('Relais — commands');
    expect(said(en)).toContain('/relais config');
    const fr = await h.dispatcher.command(
      { ...h.member, actor: { ...h.member.actor, locale: 'fr-FR' } },
      { command: 'relais', text: '' },
    );
    expect(said(fr)).toContain('Relais — commandes');
    expect(said(fr)).toContain('/relais config');
    const detail = await h.dispatcher.command(
      { ...h.member, actor: { ...h.member.actor, locale: 'fr-FR' } },
      { command: 'relais', text: 'help relais' },
    );
    expect(said(detail)).toContain('Lire ou modifier les réglages');
  });
});

describe('/relais config', () => {
  it('refuses non-admins privately and changes nothing', async () => {
    const h = coreHarness();
    const read = await h.dispatcher.command(h.member, { command: 'relais', text: 'config' });
    expect(said(read)).toContain('Only admins');
    const write = await h.dispatcher.command(h.member, { command: 'relais', text: 'config approvals 2' });
    expect(write.kind === 'message' && write.message.visibility).toBe('only-you');
    expect(said(write)).toContain('Only admins');
    expect(h.store.state.settings.size).toBe(0);
    expect(h.store.state.audit).toEqual([]);
  });

  it('lets admins change settings with text, and records who changed what', async () => {
    const h = coreHarness();
    const reply = await h.dispatcher.command(h.admin, {
      command: 'relais',
      text: 'config approvals 2 review-channel #review timezone America/New_York',
    });
    expect(said(reply)).toMatch(/Saved: .*Approvals needed → 2/);
    const ws = h.store.state.workspaces[0]!;
    const settings = await h.store.getSettings(ws.id);
    expect(settings).toMatchObject({ approvalsNeeded: 2, reviewChannel: 'C-review', timezone: 'America/New_York' });
    expect(h.store.state.audit).toHaveLength(1);
    expect(h.store.state.audit[0]).toMatchObject({
      actorId: 'ada',
      action: 'settings.changed',
      details: { changed: ['reviewChannel', 'approvalsNeeded', 'timezone'] },
    });
  });

  it('lets people named admin by an admin change settings too', async () => {
    const h = coreHarness();
    await h.dispatcher.command(h.admin, { command: 'relais', text: 'config admins @max' });
    const reply = await h.dispatcher.command(h.member, { command: 'relais', text: 'config language en' });
    expect(said(reply)).toContain('Saved');
    expect((await h.store.getSettings(h.store.state.workspaces[0]!.id)).locale).toBe('en');
  });

  it('sets the weekly report channel, day and time with text, and refuses a bad day or time', async () => {
    const h = coreHarness();
    const reply = await h.dispatcher.command(h.admin, {
      command: 'relais',
      text: 'config report-channel #review report-day tuesday report-time 8:30',
    });
    expect(said(reply)).toMatch(/Saved: .*Weekly report day → Tuesday/);
    const ws = h.store.state.workspaces[0]!;
    expect(await h.store.getSettings(ws.id)).toMatchObject({
      reportChannel: 'C-review',
      reportDay: 2,
      reportTime: '08:30',
    });
    for (const [text, expected] of [
      ['config report-day someday', /report-day.*day of the week/],
      ['config report-time 25:00', /report-time.*HH:MM/],
    ] as const) {
      const bad = await h.dispatcher.command(h.admin, { command: 'relais', text });
      expect(said(bad), text).toMatch(expected);
    }
    expect(await h.store.getSettings(ws.id)).toMatchObject({ reportDay: 2, reportTime: '08:30' });
  });

  it('sets the retro delay in hours or off, with text and in the form, and refuses a bad one', async () => {
    const h = coreHarness();
    const ws = async () => h.store.getSettings(h.store.state.workspaces[0]!.id);
    const set = await h.dispatcher.command(h.admin, { command: 'relais', text: 'config retro-delay 24' });
    expect(said(set)).toMatch(/Saved: .*Results asked after \(hours\) → 24 h after publication/);
    expect((await ws()).retroDelayHours).toBe(24);
    const bad = await h.dispatcher.command(h.admin, { command: 'relais', text: 'config retro-delay soon' });
    expect(said(bad)).toMatch(/retro-delay.*between 0 and 720/);
    const off = await h.dispatcher.command(h.admin, { command: 'relais', text: 'config retro-delay off' });
    expect(said(off)).toContain('off: authors are not asked');
    expect((await ws()).retroDelayHours).toBe(0);
    // In the review form too.
    const saved = await h.dispatcher.form(h.admin, 'config:review', {
      'review-channel': '#review',
      approvals: '1',
      'review-delay': '24',
      networks: ['linkedin'],
      'retro-delay': '72',
    });
    expect(said(saved)).toContain('Saved');
    expect((await ws()).retroDelayHours).toBe(72);
  });

  it('answers bad values with a clear private message and changes nothing', async () => {
    const h = coreHarness();
    const cases: [string, RegExp][] = [
      ['config approvals 0', /approvals.*between 1 and 10/],
      ['config approvals two', /approvals.*between 1 and 10/],
      ['config timezone Mars/Olympus', /timezone.*IANA/],
      ['config language de', /language.*one of en, fr/],
      ['config review-channel general', /review-channel.*channel/],
      ['config reviewers bob', /reviewers.*mention/],
      ['config colour blue', /Unknown setting “colour”/],
      ['config approvals', /Give a value for approvals/],
      ['frobnicate', /Unknown subcommand “frobnicate”/],
    ];
    for (const [text, expected] of cases) {
      const reply = await h.dispatcher.command(h.admin, { command: 'relais', text });
      expect(reply.kind === 'message' && reply.message.visibility, text).toBe('only-you');
      expect(said(reply), text).toMatch(expected);
    }
    expect(h.store.state.settings.size).toBe(0);
  });

  it('shows admins a settings card with a button per form section', async () => {
    const h = coreHarness();
    const reply = await h.dispatcher.command(h.admin, { command: 'relais', text: 'config' });
    expect(said(reply)).toContain('Approvals needed: 1');
    const buttons =
      reply.kind === 'message' ? reply.message.blocks.flatMap((b) => (b.type === 'actions' ? b.buttons : [])) : [];
    expect(buttons.map((b) => b.value)).toEqual(['review', 'workspace', 'charter', 'charter-levels']);
  });

  it('opens a prefilled form from the card, and saves what is submitted', async () => {
    const h = coreHarness();
    const opened = await h.dispatcher.action(h.admin, 'config:edit|review');
    expect(opened.kind).toBe('form');
    if (opened.kind !== 'form') return;
    expect(opened.form.fields.map((f) => f.id)).toEqual([
      'review-channel',
      'approvals',
      'review-delay',
      'networks',
      'retro-delay',
    ]);
    expect(opened.form.fields.find((f) => f.id === 'retro-delay')?.initial).toBe('48');
    expect(opened.form.fields.find((f) => f.id === 'approvals')?.initial).toBe('1');
    const saved = await h.dispatcher.form(h.admin, opened.form.id, {
      'review-channel': '#review',
      approvals: '3',
      'review-delay': '12',
      networks: ['linkedin', 'Mastodon'],
    });
    expect(said(saved)).toContain('Saved');
    expect(await h.store.getSettings(h.store.state.workspaces[0]!.id)).toMatchObject({
      reviewChannel: 'C-review',
      approvalsNeeded: 3,
      reviewDelayHours: 12,
      defaultNetworks: ['linkedin', 'mastodon'],
    });
  });

  it('reports a bad form value beside its field and saves nothing of the form', async () => {
    const h = coreHarness();
    const reply = await h.dispatcher.form(h.admin, 'config:review', {
      'review-channel': '#review',
      approvals: '42',
      'review-delay': '12',
      networks: 'linkedin',
    });
    expect(reply).toEqual({ kind: 'form-errors', errors: { approvals: expect.stringMatching(/between 1 and 10/) } });
    expect(h.store.state.settings.size).toBe(0);
  });

  it('checks admin rights on the server for clicks and submissions too', async () => {
    const h = coreHarness();
    expect(said(await h.dispatcher.action(h.member, 'config:edit|review'))).toContain('Only admins');
    expect(said(await h.dispatcher.form(h.member, 'config:review', { approvals: '2' }))).toContain('Only admins');
    expect(said(await h.dispatcher.action(h.admin, 'config:edit|nonsense'))).toContain('no longer valid');
    expect(said(await h.dispatcher.form(h.admin, 'no-such-form', {}))).toContain('could not be read');
    expect(h.store.state.settings.size).toBe(0);
  });

  it('sets the charter as lists and levels, and clears a list with none', async () => {
    const h = coreHarness();
    await h.dispatcher.command(h.admin, {
      command: 'relais',
      text: 'config forbidden-terms Titan, "Projet X" required-hashtags acme max-hashtags 3 max-hashtags-level blocker',
    });
    const id = h.store.state.workspaces[0]!.id;
    expect((await h.store.getSettings(id)).charter).toMatchObject({
      forbiddenTerms: ['Titan', 'Projet X'],
      requiredHashtags: ['#acme'],
      maxHashtags: 3,
      maxHashtagsLevel: 'blocker',
    });
    await h.dispatcher.command(h.admin, { command: 'relais', text: 'config forbidden-terms none max-hashtags none' });
    expect((await h.store.getSettings(id)).charter).toMatchObject({ forbiddenTerms: [], maxHashtags: null });
  });

  it('says so when nothing changed, without an audit entry', async () => {
    const h = coreHarness();
    const reply = await h.dispatcher.command(h.admin, { command: 'relais', text: 'config approvals 1' });
    expect(said(reply)).toContain('Nothing changed');
    expect(h.store.state.audit).toEqual([]);
  });
});
