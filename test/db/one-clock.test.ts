import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type WorkspaceSettings } from '../../src/domain/settings.ts';
import type { MessageRef } from '../../src/message/model.ts';
import type { Messenger } from '../../src/ports.ts';
import { remindReviewers } from '../../src/services/draft-reminders.ts';
import { submitDraft } from '../../src/services/drafts.ts';
import { draftContent } from '../support/draft-content.ts';
import { outboxDb } from '../support/outbox-db.ts';
import { testDbKind } from '../support/test-database.ts';

/**
 * Relais' clock and the database server's clock differ in real deployments. Every instant that
 * decides behaviour or is shown comes from Relais' clock, so the same story behaves the same
 * whether that clock is a week behind the database's or three days ahead of it.
 */

const HOUR = 3_600_000;
const databases: { drop(): Promise<void> }[] = [];
afterAll(async () => {
  for (const d of databases) await d.drop();
});

describe(`one clock on ${testDbKind}`, () => {
  for (const [label, offsetMs] of [
    ['a week behind', -7 * 24 * HOUR],
    ['three days ahead of', 3 * 24 * HOUR],
  ] as const) {
    it(`delivers the card, reminds after the review delay and dates the history with Relais' clock ${label} the database`, async () => {
      let now = new Date(Date.now() + offsetMs);
      const sent: { kind: string; to: string; thread?: string }[] = [];
      let seq = 0;
      const messenger: Messenger = {
        async post(_ws, channel, _message, threadOf) {
          sent.push({ kind: 'post', to: channel, thread: threadOf?.id });
          return { channel, id: `m${++seq}` };
        },
        async update(_ws, ref: MessageRef) {
          sent.push({ kind: 'update', to: ref.id });
        },
        async direct(_ws, userId) {
          sent.push({ kind: 'direct', to: userId });
          return { channel: `D-${userId}`, id: `m${++seq}` };
        },
      };
      const db = await outboxDb(() => now, messenger);
      databases.push(db.fresh);
      const workspace = await db.store.ensureWorkspace({ platform: 'test', externalId: 'T-CLOCK' });
      const settings: WorkspaceSettings = {
        ...DEFAULT_SETTINGS,
        reviewChannel: 'C-review',
        reviewers: ['rita'],
        reviewDelayHours: 6,
        locale: 'en',
      };
      await db.store.putSettings(workspace.id, settings, { version: 0, actorId: 'admin' });
      const submittedAt = now;
      const result = await submitDraft(
        db.deps,
        { workspace, settings, actor: { userId: 'alice', platformAdmin: false }, locale: 'en' },
        {
          content: draftContent('Our new release is out!'),
          channelId: 'C-general',
          deliveryKey: null,
        },
      );
      if (result.kind !== 'submitted') throw new Error(result.kind);
      await db.deliverAll();
      expect(sent).toEqual([{ kind: 'post', to: 'C-review', thread: undefined }]);

      // A minute before the delay: nothing; a minute after: one reminder in the card's thread.
      now = new Date(submittedAt.getTime() + 6 * HOUR - 60_000);
      expect(await remindReviewers(db.deps)).toBe(0);
      now = new Date(submittedAt.getTime() + 6 * HOUR + 60_000);
      expect(await remindReviewers(db.deps)).toBe(1);
      await db.deliverAll();
      expect(sent.at(-1)).toEqual({ kind: 'post', to: 'C-review', thread: 'm1' });

      const events = await db.store.drafts.events(result.draft.id);
      expect(events.map((e) => [e.kind, e.at.toISOString()])).toEqual([
        ['submitted', submittedAt.toISOString()],
        ['review_reminder', now.toISOString()],
      ]);
      const stored = await db.store.drafts.byId(result.draft.id);
      expect(stored?.createdAt.toISOString()).toBe(submittedAt.toISOString());
    });
  }
});
