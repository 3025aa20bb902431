import type { PendingPrompt } from '../domain/ambassador.ts';
import { type Draft, draftRef } from '../domain/draft.ts';
import { formatInZone } from '../domain/zoned-time.ts';
import type { Locale, Translate } from '../i18n/catalog.ts';
import { actions, bold, context, divider, fields, header, section } from '../message/build.ts';
import { button } from '../message/button-kind.ts';
import type { Block, Button, Span } from '../message/model.ts';
import { truncate } from '../message/truncate.ts';
import { draftButtons, promptButtons } from './buttons.ts';

/**
 * A person's desk as neutral blocks (Slack shows it in the App Home tab): their open drafts and
 * what each waits for, the drafts waiting for their review with the review card's buttons, the
 * share prompts they have not answered, and their month. Pure: the data comes from desk.ts.
 */

/** Slack's limit for a Home tab; every section below is capped so the desk stays well inside. */
const DESK_MAX_BLOCKS = 100;
/** How many items of each list are shown; the rest are counted, with the command that lists them. */
export const DESK_SHOWN = { drafts: 10, queue: 10, prompts: 5 } as const;
const PREVIEW = 120;

export interface DeskData {
  drafts: { list: (Draft & { approvals: number })[]; total: number };
  queue: { list: Draft[]; total: number };
  prompts: { list: PendingPrompt[]; total: number };
  month: { label: string; published: number; shares: number };
  approvalsNeeded: number;
  timezone: string;
  locale: Locale;
  now: Date;
}

const preview = (text: string) => truncate(text.replace(/\s+/g, ' ').trim(), PREVIEW);

function waitsFor(d: DeskData, draft: Draft & { approvals: number }, t: Translate): string {
  switch (draft.state) {
    case 'in_review':
      return t('desk.waits.review', { count: draft.approvals, needed: d.approvalsNeeded });
    case 'changes_requested':
      return t('desk.waits.changes');
    default:
      return draft.content.plannedAt
        ? t('desk.waits.publish-planned', { when: formatInZone(draft.content.plannedAt, d.timezone, d.locale) })
        : t('desk.waits.publish');
  }
}

function draftButtonsFor(draft: Draft, t: Translate): Button[] {
  const value = { draftId: draft.id, revision: draft.revision };
  if (draft.state === 'changes_requested') return [button(draftButtons.edit, value, t('draft.button.edit'), 'primary')];
  if (draft.state === 'approved')
    return [
      button(draftButtons.publish, value, t('draft.button.publish'), 'primary'),
      button(draftButtons.edit, value, t('draft.button.edit')),
    ];
  return [];
}

function more(t: Translate, total: number, shown: number, command: string): Block[] {
  const rest = total - shown;
  return rest > 0 ? [context(t('desk.more', { count: rest, command }))] : [];
}

function draftsPart(d: DeskData, t: Translate): Block[] {
  const shown = d.drafts.list.slice(0, DESK_SHOWN.drafts);
  if (!shown.length) return [header(t('desk.drafts.title')), context(t('desk.drafts.none'))];
  return [
    header(t('desk.drafts.title')),
    ...shown.flatMap((draft): Block[] => {
      const buttons = draftButtonsFor(draft, t);
      return [
        section([
          bold(draftRef(draft.number)),
          { text: ` · ${preview(draft.content.text)}\n` },
          { text: waitsFor(d, draft, t), style: 'italic' },
        ]),
        ...(buttons.length ? [actions(...buttons)] : []),
      ];
    }),
    ...more(t, d.drafts.total, shown.length, '/draft list'),
  ];
}

function queuePart(d: DeskData, t: Translate): Block[] {
  const shown = d.queue.list.slice(0, DESK_SHOWN.queue);
  if (!shown.length) return [header(t('desk.queue.title')), context(t('desk.queue.none'))];
  return [
    header(t('desk.queue.title')),
    ...shown.flatMap((draft): Block[] => {
      const ref = draftRef(draft.number);
      const value = { draftId: draft.id, revision: draft.revision };
      return [
        section([
          bold(ref),
          { text: ` · ${t('draft.card.by')}` },
          { user: draft.authorId },
          { text: ` · ${preview(draft.content.text)}` },
        ]),
        actions(
          button(draftButtons.approve, value, t('draft.button.approve'), 'primary', ref),
          button(draftButtons.changes, value, t('draft.button.changes'), undefined, ref),
          button(draftButtons.reject, value, t('draft.button.reject'), 'danger', ref),
        ),
      ];
    }),
    ...more(t, d.queue.total, shown.length, '/draft queue'),
  ];
}

function promptsPart(d: DeskData, t: Translate): Block[] {
  const shown = d.prompts.list.slice(0, DESK_SHOWN.prompts);
  if (!shown.length) return [];
  return [
    header(t('desk.prompts.title')),
    ...shown.flatMap((p): Block[] => {
      const ref = draftRef(p.draftNumber);
      return [
        section([bold(t('prompt.title', { ref })), { text: `\n${preview(p.text)}` }] as Span[]),
        actions(
          button(promptButtons.shared, p.id, t('prompt.button.shared'), 'primary', ref),
          button(promptButtons.skip, p.id, t('prompt.button.skip'), undefined, ref),
          button(promptButtons.stop, p.id, t('prompt.button.stop'), 'danger', ref),
        ),
      ];
    }),
    ...(d.prompts.total > shown.length
      ? [context(t('desk.prompts.more', { count: d.prompts.total - shown.length }))]
      : []),
  ];
}

/** The whole desk, never more than DESK_MAX_BLOCKS blocks. */
export function deskBlocks(d: DeskData, t: Translate): Block[] {
  const parts = [draftsPart(d, t), queuePart(d, t), promptsPart(d, t)].filter((p) => p.length);
  const blocks: Block[] = [
    header(t('desk.title')),
    context(t('desk.updated', { when: formatInZone(d.now, d.timezone, d.locale) })),
    ...parts.flatMap((p) => [divider(), ...p]),
    divider(),
    header(t('desk.month.title', { month: d.month.label })),
    fields([
      { label: t('desk.month.published'), value: String(d.month.published) },
      { label: t('desk.month.shares'), value: String(d.month.shares) },
    ]),
  ];
  // The caps above keep the desk near 70 blocks; this guard only matters if they grow.
  return blocks.length <= DESK_MAX_BLOCKS
    ? blocks
    : [...blocks.slice(0, DESK_MAX_BLOCKS - 1), context(t('desk.truncated'))];
}
