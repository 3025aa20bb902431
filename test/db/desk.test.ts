import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DraftContent } from '../../src/domain/draft.ts';
import { DEFAULT_SETTINGS, type WorkspaceSettings } from '../../src/domain/settings.ts';
import type { Workspace } from '../../src/domain/workspace.ts';
import type { Block } from '../../src/message/model.ts';
import { spansToPlain } from '../../src/message/model.ts';
import type { Messenger, Store } from '../../src/ports.ts';
import { answerPrompt } from '../../src/services/ambassadors.ts';
import type { Deps } from '../../src/services/deps.ts';
import { deskReader } from '../../src/services/desk.ts';
import { decide } from '../../src/services/draft-decisions.ts';
import type { DraftScope } from '../../src/services/draft-scope.ts';
import { markPublished, submitDraft, withdrawDraft } from '../../src/services/drafts.ts';
import { schedulePrompts } from '../../src/services/prompts.ts';
import { outboxDb } from '../support/outbox-db.ts';
import { testDbKind } from '../support/test-database.ts';

/**
 * The desk's reads and who is told a desk changed, on the real databases. The clock stands on a
 * Tuesday, 31 March 2026 at 23:30 in Paris (21:30 UTC): a publication half an hour later is in
 * April there, though still in March in UTC.
 */

let now = new Date('2026-03-31T21:30:00Z');
let fresh: Awaited<ReturnType<typeof outboxDb>>['fresh'];
let store: Store;
let deps: Deps;
let told: { workspaceId: string; users: string[]; groups: string[] }[];
let seq = 0;

const messenger: Messenger = {
  post: async (_w, channel) => ({ channel, id: `m${++seq}` }),
  update: async () => {},
  direct: async (_w, userId) => ({ channel: `D-${userId}`, id: `m${++seq}` }),
};

beforeAll(async () => {
  ({ fresh, store, deps } = await outboxDb(() => now, messenger));
  deps.deskChanged = (workspaceId, users, groups = []) => told.push({ workspaceId, users: [...users].sort(), groups });
});
afterAll(async () => fresh?.drop());

let workspace: Workspace;
let settings: WorkspaceSettings;
beforeEach(async () => {
  told = [];
  now = new Date('2026-03-31T21:30:00Z');
  workspace = await store.ensureWorkspace({ platform: 'test', externalId: `T${++seq}` });
  settings = {
    ...DEFAULT_SETTINGS,
    reviewChannel: 'C-review',
    reviewers: ['rita', 'raoul'],
    locale: 'en',
    timezone: 'Europe/Paris',
  };
  await store.putSettings(workspace.id, settings, { version: 0, actorId: 'admin' });
});

const scope = (userId: string): DraftScope => ({
  workspace,
  settings,
  actor: { userId, platformAdmin: false },
  locale: 'en',
});
const content = (text: string): DraftContent => ({
  text,
  networks: ['linkedin'],
  link: null,
  media: [],
  plannedAt: null,
  campaign: null,
  reviewerNote: null,
});

async function submit(userId: string, text: string) {
  const result = await submitDraft(deps, scope(userId), { content: content(text), channelId: null, deliveryKey: null });
  if (result.kind !== 'submitted') throw new Error(result.kind);
  return result.draft;
}

const approve = (userId: string, draftId: string) =>
  decide(deps, scope(userId), { draftId, revision: 1, decision: 'approve', reason: null, inReviewerGroup: false });

const plain = (blocks: Block[]) =>
  blocks
    .map((b) =>
      b.type === 'header'
        ? b.text
        : b.type === 'section' || b.type === 'context'
          ? spansToPlain(b.text)
          : b.type === 'fields'
            ? b.fields.map((f) => `${f.label}: ${spansToPlain(f.value)}`).join('\n')
            : '',
    )
    .join('\n');

const deskOf = (userId: string, locale: string | null = 'en') =>
  deskReader(deps)
    .desk(
      { platform: 'test', externalId: workspace.externalId },
      { userId, platformAdmin: false, locale },
      async () => false,
    )
    .then(plain);

describe(`the desk on ${testDbKind}`, () => {
  it('tells the author and every reviewer after each change, once, and only the author after publication', async () => {
    const d = await submit('alice', 'Hello');
    await approve('rita', d.id);
    await markPublished(deps, scope('alice'), { draftId: d.id, urls: ['https://www.linkedin.com/feed/1'] });
    expect(told).toEqual([
      { workspaceId: workspace.id, users: ['alice', 'raoul', 'rita'], groups: [] },
      { workspaceId: workspace.id, users: ['alice', 'raoul', 'rita'], groups: [] },
      { workspaceId: workspace.id, users: ['alice'], groups: [] },
    ]);
  });

  it('tells the admins when no reviewer is named, and names the reviewer group for the platform to expand', async () => {
    settings = { ...settings, reviewers: [] };
    await store.setAdmins(workspace.id, ['ada'], 'ada');
    await withdrawDraft(deps, scope('alice'), (await submit('alice', 'One')).number);
    settings = { ...settings, reviewerGroup: 'S-COMMS' };
    await submit('alice', 'Two');
    expect(told.map((t) => [t.users, t.groups])).toEqual([
      [['ada', 'alice'], []],
      [['ada', 'alice'], []],
      [['alice'], ['S-COMMS']],
    ]);
  });

  it('says what each draft waits for, and counts the month in the workspace timezone', async () => {
    await submit('alice', 'First post');
    const second = await submit('alice', 'Second post');
    await approve('rita', second.id);
    expect(await deskOf('alice')).toContain('D-1 · First post\nWaiting for review: 0/1 approvals');
    expect(await deskOf('alice')).toContain('D-2 · Second post\nApproved: publish it');
    expect(await deskOf('raoul')).toMatch(/Waiting for your review\nD-1 · By @alice · First post/);
    expect(await deskOf('rita')).toContain('D-1');

    now = new Date('2026-03-31T21:50:00Z'); // 23:50 on 31 March in Paris
    await markPublished(deps, scope('alice'), { draftId: second.id, urls: ['https://www.linkedin.com/feed/2'] });
    expect(await deskOf('alice')).toContain('Your month: March 2026\nDrafts published: 1');
    now = new Date('2026-03-31T22:10:00Z'); // 00:10 on 1 April in Paris, still March in UTC
    const april = await deskOf('alice');
    expect(april).toContain('Your month: April 2026\nDrafts published: 0');
    expect(april).not.toContain('D-2');
    expect(await deskOf('alice', 'fr-FR')).toContain('Votre mois\u00a0: avril 2026');
  });

  it('lists the prompts sent and not answered, and tells the ambassador when one goes and when it is answered', async () => {
    now = new Date('2026-03-31T08:00:00Z'); // a Tuesday morning in Paris: inside working hours
    await store.ambassadors.join(workspace.id, 'amy', { networks: [] });
    const d = await submit('alice', 'Live now');
    await approve('rita', d.id);
    await markPublished(deps, scope('alice'), { draftId: d.id, urls: ['https://www.linkedin.com/feed/3'] });
    told = [];
    await schedulePrompts(deps);
    expect(told).toEqual([{ workspaceId: workspace.id, users: ['amy'], groups: [] }]);
    const pending = await store.ambassadors.pendingPrompts(workspace.id, 'amy', 5);
    expect(pending).toMatchObject({ total: 1, prompts: [{ draftNumber: 1, text: 'Live now' }] });
    expect(await deskOf('amy')).toContain('Posts to share\nA post is live: D-1');

    await answerPrompt(deps, workspace, { userId: 'amy', platformAdmin: false }, pending.prompts[0]!.id, 'shared');
    expect(told.at(-1)).toEqual({ workspaceId: workspace.id, users: ['amy'], groups: [] });
    expect(await store.ambassadors.pendingPrompts(workspace.id, 'amy', 5)).toEqual({ prompts: [], total: 0 });
    const desk = await deskOf('amy');
    expect(desk).not.toContain('Posts to share');
    expect(desk).toContain('Shares: 1');
  });

  it('counts every open draft of a person, showing the oldest first', async () => {
    for (let i = 1; i <= 13; i++) await submit('bob', `Post ${i}`);
    await withdrawDraft(deps, scope('bob'), 1);
    const open = await store.drafts.openByAuthor(workspace.id, 'bob', 10);
    expect(open.total).toBe(12);
    expect(open.drafts.map((d) => d.number)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(await deskOf('bob')).toContain('and 2 more: /draft list lists them');
  });
});
