import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { renderHome } from '../../../../adapters/slack/render-block-kit.ts';
import type { Draft, DraftState } from '../../../../src/domain/draft.ts';
import { type Locale, translator } from '../../../../src/i18n/catalog.ts';
import { type DeskData, deskBlocks } from '../../../../src/services/desk-view.ts';

/** The desk's block budget: whatever a person holds, the Home view stays inside Slack's limits. */

const NOW = new Date('2026-03-29T10:00:00Z');
const long = 'Un texte très long avec des émojis 🎉 et des accents '.repeat(200);

function draft(n: number, state: DraftState, authorId = 'UME'): Draft & { approvals: number } {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    workspaceId: 'ws',
    number: n,
    authorId,
    state,
    revision: 1,
    content: {
      text: long,
      networks: ['linkedin'],
      link: null,
      media: [],
      plannedAt: state === 'approved' ? new Date('2026-03-30T07:30:00Z') : null,
      campaign: null,
      reviewerNote: null,
    },
    originChannel: null,
    card: null,
    publishedUrls: [],
    createdAt: NOW,
    updatedAt: NOW,
    remindedAt: null,
    publishRemindedAt: null,
    approvals: 1,
  };
}

function data(locale: Locale, counts: { drafts: number; queue: number; prompts: number }): DeskData {
  const states: DraftState[] = ['in_review', 'changes_requested', 'approved'];
  return {
    drafts: {
      list: Array.from({ length: Math.min(counts.drafts, 10) }, (_, i) => draft(i + 1, states[i % 3]!)),
      total: counts.drafts,
    },
    queue: {
      list: Array.from({ length: Math.min(counts.queue, 100) }, (_, i) => draft(1000 + i, 'in_review', 'UOTHER')),
      total: counts.queue,
    },
    prompts: {
      list: Array.from({ length: Math.min(counts.prompts, 5) }, (_, i) => ({
        id: i + 1,
        draftNumber: 500 + i,
        text: long,
        sentAt: NOW,
      })),
      total: counts.prompts,
    },
    month: { label: 'mars 2026', published: 3, shares: 7 },
    approvalsNeeded: 2,
    timezone: 'Europe/Paris',
    locale,
    now: NOW,
  };
}

describe('the desk in the App Home', () => {
  it('stays within 100 blocks, 250 kB and the text limits with 150 drafts, 150 to review and 40 prompts', () => {
    const view = renderHome(deskBlocks(data('en', { drafts: 150, queue: 150, prompts: 40 }), translator('en')));
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(Buffer.byteLength(JSON.stringify(view))).toBeLessThan(250_000);
    const text = JSON.stringify(view);
    expect(text).toContain('and 140 more: /draft list lists them');
    expect(text).toContain('and 140 more: /draft queue lists them');
    expect(text).toContain('and 35 more in your direct messages with Relais');
    for (const b of view.blocks as KnownBlock[]) {
      if (b.type === 'header') expect(b.text.text.length).toBeLessThanOrEqual(150);
      if (b.type === 'section') expect(b.text?.text.length).toBeLessThanOrEqual(3000);
      if (b.type === 'actions') expect(b.elements.length).toBeLessThanOrEqual(3);
    }
  });

  it('says what each draft waits for, dates in the workspace timezone, and counts in French with real plurals', () => {
    const one = JSON.stringify(
      renderHome(deskBlocks(data('fr', { drafts: 11, queue: 2, prompts: 0 }), translator('fr'))),
    );
    expect(one).toContain('et 1 autre\u00a0: /draft list les liste');
    expect(one).toContain('En attente de relecture\u00a0: 1/2 validations');
    expect(one).toContain('Modifications demandées');
    // 07:30 UTC is 09:30 in Paris on 30 March (summer time).
    expect(one).toContain('09:30');
    const many = JSON.stringify(
      renderHome(deskBlocks(data('fr', { drafts: 12, queue: 0, prompts: 0 }), translator('fr'))),
    );
    expect(many).toContain('et 2 autres\u00a0: /draft list les liste');
    expect(many).toContain('Rien n’attend votre relecture.');
  });
});
