import type { WorkspaceSettings } from '../domain/settings.ts';
import type { PeriodFigures, StuckNow, WeekPoint } from '../domain/stats-figures.ts';
import { type Period, type PeriodKind, periodAt, periodsEndingWith, shiftPeriod } from '../domain/stats-period.ts';
import type { Workspace } from '../domain/workspace.ts';
import type { Deps } from './deps.ts';

/**
 * Reading the team's history back: the /stats card and the weekly report's figures. Every figure
 * is computed in SQL (the StatsStore); this file decides which periods, in the workspace's
 * timezone, and what "now" is (the Clock).
 */

/** A source is named as failing after a day of failures, as in the digest's footer. */
const FAILING_AFTER_MS = 24 * 3_600_000;
/** How many stuck drafts and failing sources the card names. */
const NAMED = 5;
/** How many weeks the weekly report's chart shows. */
export const REPORT_WEEKS = 12;

export interface StatsReport {
  period: Period;
  previous: Period;
  /** When the figures were read: the period is "to date" when this falls inside it. */
  now: Date;
  campaign: string | null;
  current: PeriodFigures;
  before: PeriodFigures;
  stuck: StuckNow;
}

async function stuckAt(deps: Deps, workspace: Workspace, settings: WorkspaceSettings, campaign: string | null) {
  const now = deps.clock.now();
  return deps.store.stats.stuck(
    { workspaceId: workspace.id, campaign },
    {
      now,
      reviewDelayHours: settings.reviewDelayHours,
      failingSince: new Date(now.getTime() - FAILING_AFTER_MS),
      limit: NAMED,
    },
  );
}

async function reportFor(
  deps: Deps,
  workspace: Workspace,
  settings: WorkspaceSettings,
  period: Period,
  campaign: string | null,
): Promise<StatsReport> {
  const scope = { workspaceId: workspace.id, campaign };
  const previous = shiftPeriod(period, -1);
  const current = await deps.store.stats.periodFigures(scope, period.start, period.end);
  const before = await deps.store.stats.periodFigures(scope, previous.start, previous.end);
  const stuck = await stuckAt(deps, workspace, settings, campaign);
  return { period, previous, now: deps.clock.now(), campaign, current, before, stuck };
}

/** `/stats [week|month|quarter] [#campaign]`: the period holding now, beside the one before. */
export function statsReport(
  deps: Deps,
  workspace: Workspace,
  settings: WorkspaceSettings,
  opts: { kind: PeriodKind; campaign: string | null },
): Promise<StatsReport> {
  return reportFor(deps, workspace, settings, periodAt(opts.kind, deps.clock.now(), settings.timezone), opts.campaign);
}

export interface WeeklyReport extends StatsReport {
  /** The REPORT_WEEKS weeks ending with the report's week, oldest first: the chart's data. */
  weeks: WeekPoint[];
}

/**
 * The weekly report's content: the figures of the ISO week holding `weekOf` (default: now) beside
 * the week before, what is stuck now, and the last REPORT_WEEKS weeks (drafts by outcome, share
 * rate). A report sent on Monday morning about the week just ended passes an instant of that week.
 */
export async function weeklyReport(
  deps: Deps,
  workspace: Workspace,
  settings: WorkspaceSettings,
  opts: { weekOf?: Date } = {},
): Promise<WeeklyReport> {
  const week = periodAt('week', opts.weekOf ?? deps.clock.now(), settings.timezone);
  const report = await reportFor(deps, workspace, settings, week, null);
  const weeks = periodsEndingWith(week, REPORT_WEEKS);
  const counts = await deps.store.stats.series(workspace.id, [...weeks.map((w) => w.start), week.end]);
  return {
    ...report,
    weeks: weeks.map((w, i) => {
      const c = counts[i] ?? {
        submitted: 0,
        approved: 0,
        rejected: 0,
        withdrawn: 0,
        published: 0,
        promptsSent: 0,
        shareRate: null,
      };
      return {
        start: w.start,
        year: w.year,
        week: w.index,
        submitted: c.submitted,
        approved: c.approved,
        rejected: c.rejected,
        withdrawn: c.withdrawn,
        published: c.published,
        promptsSent: c.promptsSent,
        shareRate: { value: c.shareRate, basis: c.promptsSent },
      };
    }),
  };
}
