import { addDays, periodAt } from '../domain/stats-period.ts';
import { zonedToUtc } from '../domain/zoned-time.ts';
import { translator } from '../i18n/catalog.ts';
import type { Message } from '../message/model.ts';
import type { ChartRenderer } from '../ports.ts';
import type { Deps } from './deps.ts';
import { type WeeklyReport, weeklyReport } from './stats.ts';
import { statsCard } from './stats-messages.ts';
import { weeklyChart, weeklyChartAlt } from './weekly-report-chart.ts';

/**
 * Posts each workspace's weekly report once per ISO week, at or after its local day and time, in
 * the report channel: the figures of the week before. The ISO week is the claim's key, so any
 * number of replicas and restarts post one per week; a report missed while everything was down is
 * posted when Relais comes back, if still the same week; a daylight-saving change moves the
 * instant, never the count. The claim and the queued message are one transaction.
 */
export async function sendDueWeeklyReports(deps: Deps, instance: string): Promise<number> {
  const now = deps.clock.now();
  let sent = 0;
  for (const workspaceId of await deps.store.stats.reportWorkspaces()) {
    const settings = await deps.store.getSettings(workspaceId);
    const channel = settings.reportChannel;
    if (!channel) continue;
    const week = periodAt('week', now, settings.timezone);
    const day = addDays(week.first, settings.reportDay - 1);
    const [hour, minute] = settings.reportTime.split(':').map(Number);
    const at = zonedToUtc({ ...day, hour: hour ?? 9, minute: minute ?? 0 }, settings.timezone);
    if (now.getTime() < at.getTime()) continue;
    const slot = `${week.year}-W${String(week.index).padStart(2, '0')}`;
    const done = await deps.store.transaction(async (tx) => {
      if (!(await tx.stats.claimWeeklyReport(workspaceId, slot, instance, now))) return false;
      const workspace = await tx.workspaceById(workspaceId);
      if (!workspace) return false;
      // The week just ended: any instant inside it names it.
      const report = await weeklyReport({ ...deps, store: tx }, workspace, settings, {
        weekOf: new Date(week.start.getTime() - 1),
      });
      await tx.outbox.enqueue({
        workspaceId,
        target: { to: 'channel', channel },
        message: weeklyReportMessage(report, settings, deps.chart),
        dedupeKey: `report:${workspaceId}:${slot}`,
      });
      return true;
    });
    if (done) sent++;
  }
  return sent;
}

/** The /stats card of the week, posted in the channel, with the chart of the last weeks when one can be drawn. */
function weeklyReportMessage(
  report: WeeklyReport,
  settings: { locale: 'en' | 'fr'; timezone: string; reviewDelayHours: number },
  chart?: ChartRenderer,
): Message {
  const t = translator(settings.locale);
  const card = statsCard(report, {
    t,
    locale: settings.locale,
    timezone: settings.timezone,
    reviewDelayHours: settings.reviewDelayHours,
  });
  const attachment = chart
    ? {
        kind: 'image' as const,
        base64: Buffer.from(chart(weeklyChart(report.weeks, t))).toString('base64'),
        filename: 'chart.png',
        contentType: 'image/png' as const,
        alt: weeklyChartAlt(report.weeks, t, settings.locale),
      }
    : undefined;
  return { ...card, visibility: 'public', ...(attachment ? { attachment } : {}) };
}
