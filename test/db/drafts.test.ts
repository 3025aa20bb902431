import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DraftContent } from '../../src/domain/draft.ts';
import { DEFAULT_SETTINGS, type WorkspaceSettings } from '../../src/domain/settings.ts';
import type { Workspace } from '../../src/domain/workspace.ts';
import type { Message, MessageRef } from '../../src/message/model.ts';
import { spansToPlain } from '../../src/message/model.ts';
import type { Messenger, Store } from '../../src/ports.ts';
import type { Deps } from '../../src/services/deps.ts';
import { decide } from '../../src/services/draft-decisions.ts';
import { remindReviewers, remindToPublish } from '../../src/services/draft-reminders.ts';
import type { DraftScope } from '../../src/services/draft-scope.ts';
import { editDraft, markPublished, submitDraft, withdrawDraft } from '../../src/services/drafts.ts';
import { draftContent } from '../support/draft-content.ts';
import { outboxDb } from '../support/outbox-db.ts';
import { testDbKind } from '../support/test-database.ts';

/** Drafts and approvals on the real databases: locks, unique keys and the outbox are real here. */

let fresh: Awaited<ReturnType<typeof outboxDb>>['fresh'];
let store: Store;
// Rows take the database's now() as their default times, so the test clock starts a minute after
// the real time (everything already queued is due) and moves forward from there.
const start = Date.now() + 60_000;
const at = (hours: number) => new Date(start + hours * 3_600_000);
let now = at(0);
let deps: Deps;
let sent: { kind: 'post' | 'update' | 'direct'; to: string; thread?: string; text: string }[];
let deliverAll: () => Promise<void>;
let seq = 0;

const messenger: Messenger = {
  async post(_ws, channel, message, threadOf) {
    const ref = { channel, id: `m${++seq}` };
    sent.push({ kind: 'post', to: channel, thread: threadOf?.id, text: plain(message) });
    return ref;
  },
  async update(_ws, ref: MessageRef, message) {
    sent.push({ kind: 'update', to: ref.id, text: plain(message) });
  },
  async direct(_ws, userId, message) {
    sent.push({ kind: 'direct', to: userId, text: plain(message) });
    return { channel: `D-${userId}`, id: `m${++seq}` };
  },
};

function plain(m: Message): string {
  return m.blocks
    .map((b) =>
      'text' in b
        ? typeof b.text === 'string'
          ? b.text
          : spansToPlain(b.text)
        : b.type === 'fields'
          ? b.fields.map((f) => `${f.label}: ${spansToPlain(f.value)}`).join(', ')
          : '',
    )
    .join(' | ');
}

beforeAll(async () => {
  const db = await outboxDb(() => now, messenger);
  ({ fresh, store, deps } = db);
  deliverAll = db.deliverAll;
});
afterAll(async () => fresh?.drop());

let workspace: Workspace;
let settings: WorkspaceSettings;
beforeEach(async () => {
  sent = [];
  now = at(0);
  workspace = await store.ensureWorkspace({ platform: 'test', externalId: `T${++seq}` });
  settings = {
    ...DEFAULT_SETTINGS,
    reviewChannel: 'C-review',
    reviewers: ['rita', 'remy'],
    approvalsNeeded: 1,
    locale: 'en',
  };
});

const scope = (userId: string, s: WorkspaceSettings = settings): DraftScope => ({
  workspace,
  settings: s,
  actor: { userId, platformAdmin: false },
  locale: 'en',
});
const content = (text = 'Our new release is out! https://acme.example/news #acme'): DraftContent =>
  draftContent(text, { networks: ['linkedin', 'x'] });

async function submitted(s = settings) {
  const result = await submitDraft(deps, scope('alice', s), {
    content: content(),
    channelId: 'C-general',
    deliveryKey: null,
  });
  if (result.kind !== 'submitted') throw new Error(result.kind);
  await deliverAll();
  return result.draft;
}

describe(`drafts on ${testDbKind}`, () => {
  it('submits a draft with a reference, posts its card once, and records it as the draft’s card', async () => {
    const draft = await submitted();
    expect(draft.number).toBe(1);
    expect(sent).toEqual([
      expect.objectContaining({ kind: 'post', to: 'C-review', text: expect.stringContaining('D-1 · draft') }),
    ]);
    expect((await store.drafts.byId(draft.id))?.card).toEqual({ channel: 'C-review', id: expect.any(String) });
    const second = await submitted();
    expect(second.number).toBe(2);
  });

  it('creates nothing twice for a retried delivery', async () => {
    const first = await submitDraft(deps, scope('alice'), {
      content: content(),
      channelId: 'C-general',
      deliveryKey: `slack:trigger-${workspace.id}`,
    });
    const retry = await submitDraft(deps, scope('alice'), {
      content: content(),
      channelId: 'C-general',
      deliveryKey: `slack:trigger-${workspace.id}`,
    });
    expect([first.kind, retry.kind]).toEqual(['submitted', 'duplicate']);
    expect(await store.drafts.byAuthor(workspace.id, 'alice', 10)).toHaveLength(1);
  });

  it('refuses a draft a blocker rule stops, and creates nothing', async () => {
    const strict = {
      ...settings,
      charter: { ...settings.charter, forbiddenTerms: ['Titan'], forbiddenTermsLevel: 'blocker' as const },
    };
    const result = await submitDraft(deps, scope('alice', strict), {
      content: content('Project Titan ships today'),
      channelId: null,
      deliveryKey: null,
    });
    expect(result.kind).toBe('blocked');
    expect(await store.drafts.byAuthor(workspace.id, 'alice', 10)).toEqual([]);
  });

  it('approves with the reviewer set, never by the author or an outsider, and tells the thread and the author', async () => {
    const draft = await submitted();
    sent = [];
    await expect(
      decide(deps, scope('alice'), {
        draftId: draft.id,
        revision: 1,
        decision: 'approve',
        reason: null,
        inReviewerGroup: false,
      }),
    ).rejects.toMatchObject({ key: 'draft.own-draft' });
    await expect(
      decide(deps, scope('mallory'), {
        draftId: draft.id,
        revision: 1,
        decision: 'approve',
        reason: null,
        inReviewerGroup: false,
      }),
    ).rejects.toMatchObject({ key: 'draft.not-reviewer' });
    const result = await decide(deps, scope('rita'), {
      draftId: draft.id,
      revision: 1,
      decision: 'approve',
      reason: null,
      inReviewerGroup: false,
    });
    expect(result.state).toBe('approved');
    await expect(
      decide(deps, scope('rita'), {
        draftId: draft.id,
        revision: 1,
        decision: 'approve',
        reason: null,
        inReviewerGroup: false,
      }),
    ).rejects.toMatchObject({ key: 'draft.wrong-state' });
    await deliverAll();
    expect(sent.map((s) => s.kind).sort()).toEqual(['direct', 'post', 'update']);
    expect(sent.find((s) => s.kind === 'post')).toMatchObject({
      thread: (await store.drafts.byId(draft.id))!.card!.id,
      text: expect.stringContaining('approved revision 1 (1/1)'),
    });
    expect(sent.find((s) => s.kind === 'direct')).toMatchObject({
      to: 'alice',
      text: expect.stringContaining('D-1 is approved'),
    });
    const events = await store.drafts.events(draft.id);
    expect(events.map((e) => [e.kind, e.actorId, e.revision, e.toState])).toEqual([
      ['submitted', 'alice', 1, 'in_review'],
      ['approved', 'rita', 1, 'approved'],
    ]);
  });

  it('needs N approvals, and a double click counts once', async () => {
    const two = { ...settings, approvalsNeeded: 2 };
    const draft = await submitted(two);
    const approve = (who: string) =>
      decide(deps, scope(who, two), {
        draftId: draft.id,
        revision: 1,
        decision: 'approve',
        reason: null,
        inReviewerGroup: false,
      });
    const [a, b] = await Promise.allSettled([approve('rita'), approve('rita')]);
    expect([a.status, b.status].sort()).toEqual(['fulfilled', 'rejected']);
    expect((await store.drafts.byId(draft.id))?.state).toBe('in_review');
    expect((await approve('remy')).state).toBe('approved');
    expect(await store.drafts.reviews(draft.id, 1)).toHaveLength(2);
  });

  it.runIf(testDbKind === 'postgres')(
    'serialises two replicas deciding at once: one state change each, no lost approval',
    async () => {
      const two = { ...settings, approvalsNeeded: 2 };
      const draft = await submitted(two);
      const results = await Promise.allSettled(
        ['rita', 'remy'].map((who) =>
          decide(deps, scope(who, two), {
            draftId: draft.id,
            revision: 1,
            decision: 'approve',
            reason: null,
            inReviewerGroup: false,
          }),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
      expect((await store.drafts.byId(draft.id))?.state).toBe('approved');
      expect((await store.drafts.events(draft.id)).filter((e) => e.kind === 'approved')).toHaveLength(2);
    },
  );

  it('does not let an approval of an old revision approve the new one', async () => {
    const draft = await submitted();
    await editDraft(deps, scope('alice'), {
      draftId: draft.id,
      content: content('Our new release is out, now with pictures #acme'),
    });
    await expect(
      decide(deps, scope('rita'), {
        draftId: draft.id,
        revision: 1,
        decision: 'approve',
        reason: null,
        inReviewerGroup: false,
      }),
    ).rejects.toMatchObject({ key: 'draft.stale-revision' });
    expect((await store.drafts.byId(draft.id))?.state).toBe('in_review');
    expect(await store.drafts.reviews(draft.id)).toEqual([]);
  });

  it('makes an edit a new revision that resets approvals and says what changed', async () => {
    const two = { ...settings, approvalsNeeded: 2 };
    const draft = await submitted(two);
    await decide(deps, scope('rita', two), {
      draftId: draft.id,
      revision: 1,
      decision: 'approve',
      reason: null,
      inReviewerGroup: false,
    });
    await expect(
      editDraft(deps, scope('rita', two), { draftId: draft.id, content: content('hijacked') }),
    ).rejects.toMatchObject({ key: 'draft.not-author' });
    sent = [];
    const edited = await editDraft(deps, scope('alice', two), {
      draftId: draft.id,
      content: { ...content('New text #acme'), networks: ['linkedin'] },
    });
    expect(edited.kind === 'edited' && edited.draft.revision).toBe(2);
    await deliverAll();
    expect(sent.filter((s) => s.kind === 'update').at(-1)?.text).toMatch(/Revision: 2.*Approvals: 0\/2/);
    expect(sent.filter((s) => s.kind === 'post').at(-1)?.text).toMatch(
      /@alice edited it: revision 2 \(text, networks\)/,
    );
    expect((await store.drafts.revision(draft.id, 1))?.text).toContain('Our new release');
  });

  it('asks a reason for changes and rejections, and sends it to the author', async () => {
    const draft = await submitted();
    await expect(
      decide(deps, scope('rita'), {
        draftId: draft.id,
        revision: 1,
        decision: 'changes',
        reason: '  ',
        inReviewerGroup: false,
      }),
    ).rejects.toMatchObject({ code: 'invalid' });
    sent = [];
    await decide(deps, scope('rita'), {
      draftId: draft.id,
      revision: 1,
      decision: 'changes',
      reason: 'Add the launch date',
      inReviewerGroup: false,
    });
    await decide(deps, scope('remy'), {
      draftId: draft.id,
      revision: 1,
      decision: 'reject',
      reason: 'Off-brand',
      inReviewerGroup: false,
    });
    await deliverAll();
    expect(sent.filter((s) => s.kind === 'direct').map((s) => s.text)).toEqual([
      expect.stringContaining('Add the launch date'),
      expect.stringContaining('Off-brand'),
    ]);
    expect((await store.drafts.byId(draft.id))?.state).toBe('rejected');
    await expect(editDraft(deps, scope('alice'), { draftId: draft.id, content: content() })).rejects.toMatchObject({
      key: 'draft.wrong-state',
    });
  });

  it('lets the group review, withdraws and publishes only where the state allows', async () => {
    const grouped = { ...settings, reviewers: [], reviewerGroup: 'S-comms' };
    const draft = await submitted(grouped);
    await expect(
      decide(deps, scope('gus', grouped), {
        draftId: draft.id,
        revision: 1,
        decision: 'approve',
        reason: null,
        inReviewerGroup: false,
      }),
    ).rejects.toMatchObject({ key: 'draft.not-reviewer' });
    await decide(deps, scope('gus', grouped), {
      draftId: draft.id,
      revision: 1,
      decision: 'approve',
      reason: null,
      inReviewerGroup: true,
    });
    await expect(
      markPublished(deps, scope('gus', grouped), { draftId: draft.id, urls: ['https://x.com/acme/1'] }),
    ).rejects.toMatchObject({ key: 'draft.not-author' });
    const published = await markPublished(deps, scope('alice', grouped), {
      draftId: draft.id,
      urls: ['https://x.com/acme/1'],
    });
    expect(published.state).toBe('published');
    await expect(withdrawDraft(deps, scope('alice', grouped), draft.number)).rejects.toMatchObject({
      key: 'draft.wrong-state',
    });
  });

  it('reminds undecided reviewers once after the review delay, and authors at the planned time', async () => {
    await store.putSettings(workspace.id, settings, {
      version: await store.settingsVersion(workspace.id),
      actorId: 'admin',
    });
    const draft = await submitted();
    await decide(deps, scope('remy'), {
      draftId: draft.id,
      revision: 1,
      decision: 'approve',
      reason: null,
      inReviewerGroup: false,
    }).catch(() => {});
    const pending = await submitted();
    const reminders = async () =>
      (await store.drafts.events(pending.id)).filter((e) => e.kind === 'review_reminder').length;
    now = at(11);
    await remindReviewers(deps);
    expect(await reminders()).toBe(0);
    now = at(25);
    sent = [];
    // Two replicas at once, then again later: one reminder.
    await Promise.all([remindReviewers(deps), remindReviewers(deps)]);
    await remindReviewers(deps);
    expect(await reminders()).toBe(1);
    await deliverAll();
    const card = (await store.drafts.byId(pending.id))!.card!;
    expect(sent.filter((s) => s.thread === card.id)).toEqual([
      expect.objectContaining({ kind: 'post', text: expect.stringContaining('@rita @remy') }),
    ]);

    const planned = await submitDraft(deps, scope('alice'), {
      content: { ...content(), plannedAt: at(48) },
      channelId: null,
      deliveryKey: null,
    });
    if (planned.kind !== 'submitted') throw new Error('not submitted');
    await decide(deps, scope('rita'), {
      draftId: planned.draft.id,
      revision: 1,
      decision: 'approve',
      reason: null,
      inReviewerGroup: false,
    });
    const publishReminders = async () =>
      (await store.drafts.events(planned.draft.id)).filter((e) => e.kind === 'publish_reminder').length;
    await remindToPublish(deps);
    expect(await publishReminders()).toBe(0);
    now = at(48.1);
    await Promise.all([remindToPublish(deps), remindToPublish(deps)]);
    expect(await publishReminders()).toBe(1);
  });
});
