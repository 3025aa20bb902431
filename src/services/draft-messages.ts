import { type Draft, type DraftContent, type DraftEvent, draftRef, RELAIS_ACTOR } from '../domain/draft.ts';
import type { DraftCheck } from '../domain/draft-checks.ts';
import type { Finding } from '../domain/finding.ts';
import { NETWORK_LABELS } from '../domain/networks.ts';
import type { WorkspaceSettings } from '../domain/settings.ts';
import { formatInZone } from '../domain/zoned-time.ts';
import type { Locale, MessageKey, Translate } from '../i18n/catalog.ts';
import { actions, bold, context, fields, header, message, section } from '../message/build.ts';
import { button } from '../message/button-kind.ts';
import type { Block, Button, Message, Span } from '../message/model.ts';
import { draftButtons } from './buttons.ts';

/**
 * The messages a draft produces: its review card, the entries of its thread, the notes sent to
 * its author. Built in the workspace's language; people's text is always a plain span.
 */

const ACCENT: Record<Draft['state'], string> = {
  in_review: '#f2c744',
  changes_requested: '#e8833a',
  approved: '#2eb67d',
  rejected: '#e01e5a',
  withdrawn: '#868686',
  published: '#1d9bd1',
};

export function findingText(f: Finding, t: Translate): string {
  const network = f.network ? NETWORK_LABELS[f.network] : '';
  const params = { ...f.params, network };
  const key = `draft.check.${f.rule}` as MessageKey;
  return `${t(f.level === 'blocker' ? 'draft.check.blocker' : 'draft.check.warning')} — ${t(key, params)}`;
}

export function checksBlocks(check: DraftCheck, t: Translate): Block[] {
  const lengths = check.perNetwork
    .map((m) => `${NETWORK_LABELS[m.network]} ${m.length}/${m.limit}${m.over > 0 ? ' ✗' : ' ✓'}`)
    .join(' · ');
  const lines = check.findings.map((f) => findingText(f, t));
  return [context(lengths), ...(lines.length ? [section(lines.join('\n'))] : [context(t('draft.card.checks-ok'))])];
}

function approveButtons(draft: Draft, t: Translate): Button[] {
  const value = { draftId: draft.id, revision: draft.revision };
  if (draft.state === 'in_review' || draft.state === 'changes_requested') {
    return [
      ...(draft.state === 'in_review'
        ? [
            button(draftButtons.approve, value, t('draft.button.approve'), 'primary'),
            button(draftButtons.changes, value, t('draft.button.changes')),
          ]
        : []),
      button(draftButtons.reject, value, t('draft.button.reject'), 'danger'),
      button(draftButtons.edit, value, t('draft.button.edit')),
    ];
  }
  if (draft.state === 'approved') {
    return [
      button(draftButtons.publish, value, t('draft.button.publish'), 'primary'),
      button(draftButtons.edit, value, t('draft.button.edit')),
    ];
  }
  return [];
}

export function contentFields(c: DraftContent, settings: WorkspaceSettings, locale: Locale, t: Translate) {
  return [
    { label: t('draft.card.networks'), value: c.networks.map((n) => NETWORK_LABELS[n]).join(', ') },
    {
      label: t('draft.card.planned'),
      value: c.plannedAt ? formatInZone(c.plannedAt, settings.timezone, locale) : t('draft.card.not-planned'),
    },
    ...(c.link ? [{ label: t('draft.card.link'), value: [{ text: c.link, href: c.link }] as Span[] }] : []),
    ...(c.campaign ? [{ label: t('draft.card.campaign'), value: c.campaign }] : []),
  ];
}

/** A draft under review is a draft; once decided, the title says what it became (approved, published…). */
function cardTitle(draft: Draft, t: Translate): string {
  const ref = draftRef(draft.number);
  return draft.state === 'in_review' ? t('draft.card.title', { ref }) : `${ref} · ${t(`draft.state.${draft.state}`)}`;
}

/** The review card: preview, checks, who and when, and the buttons the state allows. */
export function draftCard(
  draft: Draft,
  check: DraftCheck,
  approvals: number,
  settings: WorkspaceSettings,
  locale: Locale,
  t: Translate,
): Message {
  const c = draft.content;
  const title = cardTitle(draft, t);
  const blocks: Block[] = [
    header(title),
    section([{ text: t('draft.card.by') }, { user: draft.authorId }]),
    section(c.text),
    fields([
      ...contentFields(c, settings, locale, t),
      { label: t('draft.card.revision'), value: String(draft.revision) },
      { label: t('draft.card.state'), value: t(`draft.state.${draft.state}`) },
      { label: t('draft.card.approvals'), value: `${approvals}/${settings.approvalsNeeded}` },
      ...(draft.publishedUrls.length
        ? [
            {
              label: t('draft.card.live'),
              value: draft.publishedUrls.flatMap((u, i): Span[] => [
                ...(i ? [{ text: ' ' }] : []),
                { text: u, href: u },
              ]),
            },
          ]
        : []),
    ]),
    ...(c.reviewerNote ? [context(`${t('draft.card.note')}: ${c.reviewerNote}`)] : []),
    ...checksBlocks(check, t),
  ];
  const buttons = approveButtons(draft, t);
  if (buttons.length) blocks.push(actions(...buttons));
  return {
    ...message(blocks, {
      text: `${title}: ${c.text.slice(0, 200)}`,
      accent: ACCENT[draft.state],
    }),
  };
}

/** Who did something: a mention of the person, or the plain name Relais for its own acts (on every platform). */
const actorSpan = (actorId: string): Span => (actorId === RELAIS_ACTOR ? { text: 'Relais' } : { user: actorId });

/** One line of the draft's thread: who did what, with the reason in their own words. */
export function threadEntry(actorId: string, what: Span[]): Message {
  return message([section([actorSpan(actorId), ...what])], {
    text: what.map((s) => ('text' in s ? s.text : '')).join(''),
  });
}

export function authorNote(
  key: 'draft.dm.changes' | 'draft.dm.rejected' | 'draft.dm.approved' | 'draft.dm.publish-now' | 'draft.dm.published',
  draft: Draft,
  t: Translate,
  reason?: string | null,
  withPublishButton = false,
  /** `by`: who decided, mentioned; `withEditButton`: the next step after changes were asked. */
  more: { by?: string; withEditButton?: boolean } = {},
): Message {
  const ref = draftRef(draft.number);
  const value = { draftId: draft.id, revision: draft.revision };
  const blocks: Block[] = [section([bold(t(key, { ref })), ...(reason ? [{ text: reason }] : [])])];
  if (more.by) blocks.push(context([{ text: `${t('draft.dm.by')} ` }, actorSpan(more.by)]));
  const next = [
    ...(withPublishButton ? [button(draftButtons.publish, value, t('draft.button.publish'), 'primary')] : []),
    ...(more.withEditButton ? [button(draftButtons.edit, value, t('draft.button.edit'), 'primary')] : []),
  ];
  if (next.length) blocks.push(actions(...next));
  return {
    ...message(blocks, { visibility: 'direct' }),
    // The card is where the review happened: its thread holds every comment.
    ...(draft.card ? { linkTo: { message: draft.card, label: t('draft.dm.see-card', { ref }) } } : {}),
  };
}

/** What changed between two revisions, as words (`text, networks`). */
export function changedParts(before: DraftContent, after: DraftContent, t: Translate): string {
  const keys = (Object.keys(after) as (keyof DraftContent)[]).filter(
    (k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]),
  );
  return keys.length ? keys.map((k) => t(`draft.changed.${k}` as MessageKey)).join(', ') : t('draft.changed.nothing');
}

export function historyLines(events: DraftEvent[], timezone: string, locale: Locale, t: Translate): Span[] {
  return events.flatMap((e, i): Span[] => [
    ...(i ? [{ text: '\n' }] : []),
    { text: `${formatInZone(e.at, timezone, locale)} · r${e.revision} · ` },
    actorSpan(e.actorId),
    { text: ` ${t(`draft.event.${e.kind}` as MessageKey)}${e.reason ? ` — ${e.reason}` : ''}` },
  ]);
}
