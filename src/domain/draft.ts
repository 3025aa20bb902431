import type { Network } from './networks.ts';

/** A draft's life: in review → approved → published, with changes, rejection and withdrawal on the way. */
const DRAFT_STATES = ['in_review', 'changes_requested', 'approved', 'rejected', 'withdrawn', 'published'] as const;
export type DraftState = (typeof DRAFT_STATES)[number];

const DECISIONS = ['approve', 'changes', 'reject'] as const;
export type Decision = (typeof DECISIONS)[number];

export interface DraftContent {
  text: string;
  networks: Network[];
  link: string | null;
  media: string[];
  plannedAt: Date | null;
  campaign: string | null;
  reviewerNote: string | null;
}

export interface Draft {
  id: string;
  workspaceId: string;
  number: number;
  authorId: string;
  state: DraftState;
  revision: number;
  content: DraftContent;
  originChannel: string | null;
  card: { channel: string; id: string } | null;
  publishedUrls: string[];
  createdAt: Date;
  updatedAt: Date;
  remindedAt: Date | null;
  publishRemindedAt: Date | null;
}

export interface Review {
  reviewerId: string;
  revision: number;
  decision: Decision;
  reason: string | null;
  at: Date;
}

/** The actor of what Relais does by itself (reminders): not a person, never shown as a mention. */
export const RELAIS_ACTOR = 'relais';

export interface DraftEvent {
  revision: number;
  /** A person's platform id, or RELAIS_ACTOR. */
  actorId: string;
  kind:
    | 'submitted'
    | 'edited'
    | 'approved'
    | 'changes_requested'
    | 'rejected'
    | 'withdrawn'
    | 'published'
    | 'review_reminder'
    | 'publish_reminder';
  fromState: DraftState | null;
  toState: DraftState | null;
  reason: string | null;
  at: Date;
}

export const draftRef = (n: number) => `D-${n}`;

/** `D-42`, `d42`, `#42`, `42` → 42. */
export function parseDraftRef(text: string): number | null {
  const m = /^\s*(?:d-?|#)?(\d{1,9})\s*$/i.exec(text);
  return m ? Number(m[1]) : null;
}

const OPEN_STATES: readonly DraftState[] = ['in_review', 'changes_requested', 'approved'];

/** What can happen from each state; anything else is refused with the draft left as it is. */
export const can = {
  decide: (s: DraftState) => s === 'in_review',
  reject: (s: DraftState) => s === 'in_review' || s === 'changes_requested',
  edit: (s: DraftState) => OPEN_STATES.includes(s),
  withdraw: (s: DraftState) => OPEN_STATES.includes(s),
  publish: (s: DraftState) => s === 'approved',
  clone: (s: DraftState) => s === 'rejected' || s === 'withdrawn',
};

/** The state after a decision on the current revision. */
export function stateAfter(decision: Decision, approvalsOnRevision: number, approvalsNeeded: number): DraftState {
  if (decision === 'reject') return 'rejected';
  if (decision === 'changes') return 'changes_requested';
  return approvalsOnRevision >= approvalsNeeded ? 'approved' : 'in_review';
}

/**
 * Who may review: the listed reviewers and members of the reviewer group; when neither is set,
 * the workspace's admins. Never the author.
 */
export function mayReview(opts: {
  actorId: string;
  authorId: string;
  reviewers: string[];
  hasGroup: boolean;
  inGroup: boolean;
  isAdmin: boolean;
}): 'ok' | 'own-draft' | 'not-reviewer' {
  if (opts.actorId === opts.authorId) return 'own-draft';
  const anyConfigured = opts.reviewers.length > 0 || opts.hasGroup;
  if (opts.reviewers.includes(opts.actorId) || (opts.hasGroup && opts.inGroup)) return 'ok';
  if (!anyConfigured && opts.isAdmin) return 'ok';
  return 'not-reviewer';
}
