import { z } from 'zod';
import type { PeriodKind } from '../src/domain/stats-period.ts';
import { parseMonth } from '../src/domain/stats-period.ts';
import { replyWith } from '../src/message/build.ts';
import { statsReport } from '../src/services/stats.ts';
import { exportMessage, statsExport } from '../src/services/stats-export.ts';
import { insightsMessage } from '../src/services/stats-insights-message.ts';
import { statsCard } from '../src/services/stats-messages.ts';
import { teamInsights } from '../src/services/stats-results.ts';
import { type CommandContext, defineCommand, defineSubcommand, option } from './define-command.ts';
import { retroActions, retroForms } from './retro-form.ts';

/**
 * `/stats [week|month|quarter] [#campaign]`, `/stats export [YYYY-MM]`, `/stats insights`: the team's
 * figures, privately. A campaign is written with its `#` (`/stats week #launch`; so `/stats weekly`
 * is refused rather than read as a campaign), or comes as Slack writes a channel reference
 * (`<#C1|launch>`) when a channel has the campaign's name.
 */
const campaignOption = () =>
  option.refine(
    option.text({ description: 'opt.stats.campaign', maxLength: 80 }),
    z
      .string()
      .trim()
      .transform((v) => {
        const slackChannel = /^<#[A-Z0-9]+\|([^>]*)>$/.exec(v)?.[1];
        return slackChannel === undefined ? v : `#${slackChannel}`;
      })
      .pipe(z.string().regex(/^#[\p{L}\p{N}_-]{1,60}$/u))
      .transform((v) => v.slice(1)),
    { key: 'stats.bad-campaign' },
  );

const monthOption = () =>
  option.refine(
    option.string({ description: 'opt.stats.month', maxLength: 10 }),
    z.string().transform((v, c) => {
      const month = parseMonth(v);
      if (month) return month;
      c.addIssue({ code: 'custom', message: 'month' });
      return z.NEVER;
    }),
    { key: 'stats.bad-month' },
  );

const cardOptions = (ctx: CommandContext) => ({
  t: ctx.t,
  locale: ctx.locale,
  timezone: ctx.settings.timezone,
  reviewDelayHours: ctx.settings.reviewDelayHours,
});

const periodSubcommand = (kind: PeriodKind) =>
  defineSubcommand({
    description: `cmd.stats.${kind}.description`,
    options: { campaign: campaignOption() },
    textStyle: 'positional',
    async run(ctx, input) {
      const report = await statsReport(ctx.deps, ctx.workspace, ctx.settings, {
        kind,
        campaign: input.campaign ?? null,
      });
      return replyWith(statsCard(report, cardOptions(ctx)));
    },
  });

export const statsCommand = defineCommand({
  name: 'stats',
  description: 'cmd.stats.description',
  defaultSubcommand: 'month',
  subcommands: {
    week: periodSubcommand('week'),
    month: periodSubcommand('month'),
    quarter: periodSubcommand('quarter'),
    export: defineSubcommand({
      description: 'cmd.stats.export.description',
      options: { month: monthOption() },
      textStyle: 'positional',
      async run(ctx, input) {
        const result = await statsExport(ctx.deps, ctx.workspace, ctx.settings, {
          month: input.month ?? null,
          t: ctx.t,
        });
        return replyWith(exportMessage(result, { t: ctx.t, locale: ctx.locale }));
      },
    }),
    insights: defineSubcommand({
      description: 'cmd.stats.insights.description',
      options: {},
      textStyle: 'positional',
      async run(ctx) {
        const insights = await teamInsights(ctx.deps, ctx.workspace, ctx.settings);
        return replyWith(insightsMessage(insights, { t: ctx.t, locale: ctx.locale, timezone: ctx.settings.timezone }));
      },
    }),
  },
  // The author's retro feeds /stats insights: its button and form live here.
  actions: retroActions,
  forms: retroForms,
});
