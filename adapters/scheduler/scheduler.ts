import { hostname } from 'node:os';
import cron from 'node-cron';
import type { Logger } from '../../src/log.ts';
import { forgetOldDeliveries } from '../../src/services/delivery-memory.ts';
import type { Deps } from '../../src/services/deps.ts';
import { remindReviewers, remindToPublish } from '../../src/services/draft-reminders.ts';
import { sendDueRetros } from '../../src/services/retro.ts';
import { pollSources, sendDueDigests } from '../../src/services/veille-schedule.ts';
import { sendDueWeeklyReports } from '../../src/services/weekly-report-schedule.ts';

/**
 * Time-based work, every minute on every replica: feed polling, daily digests, reminders. node-cron only wakes the process: each job
 * claims its work in the database (row locks and "already reminded" markers), so any number of
 * replicas, and restarts, send each reminder once; work missed while everything was down is
 * found on the first tick after.
 */
export function startScheduler(deps: Deps, log: Logger, onWork: () => void, tickSeconds = 60) {
  // Names this process in the claims it makes (which replica sent which digest).
  const instance = `${hostname()}:${process.pid}`;
  const task = cron.schedule(
    tickSeconds >= 60 ? '* * * * *' : `*/${tickSeconds} * * * * *`,
    async () => {
      try {
        const polled = await pollSources(deps);
        const digests = await sendDueDigests(deps, instance);
        if (polled.failed + digests > 0) log.info({ ...polled, digests }, 'veille tick');
        const reports = await sendDueWeeklyReports(deps, instance);
        if (reports > 0) log.info({ reports }, 'weekly reports queued');
        const retros = await sendDueRetros(deps, instance);
        if (retros > 0) log.info({ retros }, 'retro questions queued');
        const reviews = await remindReviewers(deps);
        const publishes = await remindToPublish(deps);
        if (reviews + publishes > 0) log.info({ reviews, publishes }, 'reminders queued');
        await forgetOldDeliveries(deps);
        // Also wakes the ambassador prompts waiting for someone's working hours or weekly cap.
        onWork();
      } catch (err) {
        log.error({ err }, 'scheduled reminders failed');
      }
    },
    { name: 'reminders', noOverlap: true },
  );
  return { stop: () => task.stop() };
}
