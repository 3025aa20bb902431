/**
 * What /stats reports, as computed from the recorded history. Counts are plain numbers; a derived
 * figure (a rate, an average, a median, a percentile) carries the number of items it rests on, so
 * a figure resting on too few items can say so.
 */

/** Below this many items, a derived figure is shown with a warning that it says little. */
export const MIN_ITEMS = 3;

export interface Measure {
  /** Null when there is nothing to measure. */
  value: number | null;
  /** How many items (drafts, prompts, people, posts) the figure rests on. */
  basis: number;
}

export const isThin = (m: Measure): boolean => m.basis < MIN_ITEMS;

/** `part / whole`, resting on `whole` items. */
export function ratio(part: number, whole: number): Measure {
  return { value: whole > 0 ? part / whole : null, basis: whole };
}

export interface DraftFigures {
  submitted: number;
  approved: number;
  rejected: number;
  withdrawn: number;
  published: number;
  /** Approved ÷ (approved + rejected) among drafts that reached either in the period. */
  approvalRate: Measure;
  /** Rounds of changes requested, per draft approved or rejected in the period. */
  roundsPerDraft: Measure;
  /** From submission to the first decision of any reviewer, for first decisions in the period (ms). */
  firstDecisionMedianMs: Measure;
  firstDecisionP90Ms: Measure;
  /** From submission to approval, for drafts first approved in the period (ms). */
  approvalMedianMs: Measure;
  approvalP90Ms: Measure;
}

export interface VeilleFigures {
  /** Distinct stories shown in the period's digests. */
  storiesShown: number;
  /** Distinct stories that drafts submitted in the period were started from. */
  storiesDrafted: number;
}

export interface AmbassadorFigures {
  promptsSent: number;
  shares: number;
  skips: number;
  /** Of the prompts sent in the period, the share answered "I shared it". */
  shareRate: Measure;
  /** Of the ambassadors active during the period, the share who shared at least once in it. */
  participation: Measure;
  /** The five who shared most in the period. */
  top: { userId: string; shares: number }[];
}

export interface PeriodFigures {
  drafts: DraftFigures;
  veille: VeilleFigures;
  ambassadors: AmbassadorFigures;
}

/** A draft named by its number, with the instant that makes it late. */
export interface LateDraft {
  number: number;
  since: Date;
}

/** What is stuck at this moment (not a period figure: it has no previous period). */
export interface StuckNow {
  /** In review for longer than the workspace's review delay, oldest first (at most five named). */
  inReview: { count: number; oldest: LateDraft[] };
  /** Approved, planned time passed, not marked published (at most five named). */
  notPublished: { count: number; oldest: LateDraft[] };
  /** Sources failing for more than a day, as the digest's footer names them. */
  failingSources: { count: number; titles: string[] };
}

/** Drafts per week by outcome, and the share rate, for one week of the weekly report's chart. */
export interface WeekPoint {
  /** The week's start (local Monday 00:00) as a UTC instant. */
  start: Date;
  /** ISO week-numbering year and week. */
  year: number;
  week: number;
  submitted: number;
  approved: number;
  rejected: number;
  withdrawn: number;
  published: number;
  promptsSent: number;
  shareRate: Measure;
}
