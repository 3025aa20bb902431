import { z } from 'zod';
import type { WorkingHours } from '../src/domain/ambassador.ts';
import { NETWORK_LABELS, NETWORKS, type Network } from '../src/domain/networks.ts';
import { formatMinutes } from '../src/domain/zoned-time.ts';
import { type Locale, translator } from '../src/i18n/catalog.ts';
import { formatWeekdays, zoneName } from '../src/i18n/time-words.ts';
import { actions, bold, context, header, message, notice, replyWith, section } from '../src/message/build.ts';
import { button } from '../src/message/button-kind.ts';
import type { Span } from '../src/message/model.ts';
import {
  activeAmbassadors,
  ambassadorStats,
  answerPrompt,
  inviteAmbassadors,
  joinAmbassadors,
  leaveAmbassadors,
  type PromptAnswer,
  promptHoursOf,
  setWorkingHours,
  workspaceOfPrompt,
} from '../src/services/ambassadors.ts';
import { joinButton, promptButtons } from '../src/services/buttons.ts';
import { answeredPromptMessage } from '../src/services/prompts.ts';
import { formatPercent } from '../src/services/stats-format.ts';
import {
  type CommandContext,
  defineCommand,
  defineSubcommand,
  onClick,
  option,
  withProblem,
} from './define-command.ts';

const networksOption = () =>
  option.refine(
    option.text({ description: 'opt.ambassador.networks', maxLength: 200 }),
    z
      .string()
      .transform((v) =>
        v
          .split(/[\s,;]+/)
          .map((n) => n.trim().toLowerCase())
          .filter(Boolean),
      )
      .pipe(z.array(z.enum(NETWORKS)).max(NETWORKS.length)),
    { key: 'problem.choice', params: { choices: NETWORKS.join(', ') } },
  );

/** "Prompts will come between 09:00 and 18:00, Mon–Fri, New York time", in the reader's words. */
function hoursSentence(ctx: CommandContext, hours: WorkingHours): string {
  return ctx.t('ambassador.hours-set', {
    from: formatMinutes(hours.start),
    to: formatMinutes(hours.end),
    days: formatWeekdays(hours.days, ctx.locale),
    timezone: zoneName(hours.timezone),
  });
}

/** Joining says when prompts may come, so nobody waits for one at 03:00. */
async function joined(ctx: CommandContext, fresh: boolean) {
  const hours = await promptHoursOf(ctx.deps, ctx.workspace, ctx.actor, ctx.settings);
  const first = fresh
    ? ctx.t('ambassador.joined', { perWeek: ctx.settings.promptsPerWeek })
    : ctx.t('ambassador.updated');
  return notice(`${first} ${hoursSentence(ctx, hours)}`);
}

async function answer(ctx: CommandContext, promptId: number, what: PromptAnswer) {
  const result = await answerPrompt(ctx.deps, ctx.workspace, ctx.actor, promptId, what);
  // The prompt shows what was recorded in place of its buttons, whether answered now or before.
  const answered = ctx.source ? await answeredPromptMessage(ctx.deps, ctx.workspace, promptId, what, ctx.t) : null;
  if (answered && ctx.source) return replyWith({ ...answered, replaces: ctx.source });
  if (result === 'already') return notice(ctx.t('prompt.already'));
  return notice(ctx.t(what === 'shared' ? 'prompt.thanks' : what === 'skip' ? 'prompt.skipped' : 'ambassador.left'));
}

export const ambassadorCommand = defineCommand({
  name: 'ambassador',
  description: 'cmd.ambassador.description',
  defaultSubcommand: 'join',
  subcommands: {
    join: defineSubcommand({
      description: 'cmd.ambassador.join.description',
      options: { networks: networksOption() },
      textStyle: 'positional',
      async run(ctx, input) {
        const fresh = await joinAmbassadors(ctx.deps, ctx.workspace, ctx.actor, {
          networks: (input.networks ?? []) as Network[],
        });
        return joined(ctx, fresh);
      },
    }),
    leave: defineSubcommand({
      description: 'cmd.ambassador.leave.description',
      options: {},
      textStyle: 'positional',
      async run(ctx) {
        const was = await leaveAmbassadors(ctx.deps, ctx.workspace, ctx.actor);
        return notice(ctx.t(was ? 'ambassador.left' : 'ambassador.not-one'));
      },
    }),
    hours: defineSubcommand({
      description: 'cmd.ambassador.hours.description',
      options: { hours: option.text({ description: 'opt.ambassador.hours', required: true, maxLength: 100 }) },
      textStyle: 'positional',
      async run(ctx, input) {
        const hours = await setWorkingHours(ctx.deps, ctx.workspace, ctx.actor, input.hours ?? '', ctx.settings);
        if (!hours) return notice(ctx.t('ambassador.not-one'));
        return notice(hoursSentence(ctx, hours));
      },
    }),
    stats: defineSubcommand({
      description: 'cmd.ambassador.stats.description',
      options: {},
      textStyle: 'positional',
      async run(ctx) {
        const s = await ambassadorStats(ctx.deps, ctx.workspace);
        const networks =
          Object.entries(s.sharesByNetwork)
            .map(([n, c]) => `${NETWORK_LABELS[n as Network] ?? n} ${c}`)
            .join(', ') || '—';
        const leaders = s.leaderboard.flatMap((l, i): Span[] => [
          { text: `\n${i + 1}. ` },
          { user: l.userId },
          { text: ` — ${l.shares}` },
        ]);
        return replyWith(
          message(
            [
              header(ctx.t('ambassador.stats-title')),
              section(
                ctx.t('ambassador.stats-line', {
                  sent: s.sent,
                  shared: s.shared,
                  skipped: s.skipped,
                  rate: formatPercent(s.rate, ctx.locale),
                }),
              ),
              section(ctx.t('ambassador.stats-networks', { networks })),
              section([bold(ctx.t('ambassador.stats-leaders')), ...leaders]),
            ],
            { visibility: 'only-you' },
          ),
        );
      },
    }),
    invite: defineSubcommand({
      description: 'cmd.ambassador.invite.description',
      options: {
        person: withProblem(option.users({ description: 'opt.ambassador.person', required: true, max: 20 }), {
          key: 'ambassador.unknown-person',
          whole: true,
        }),
      },
      textStyle: 'positional',
      async run(ctx, input) {
        // Each invitee reads it in their own language.
        const invitation = (locale: Locale) => {
          const t = translator(locale);
          return message(
            [
              section([{ user: ctx.actor.userId }, { text: t('ambassador.invitation') }]),
              actions(button(joinButton, ctx.workspace.id, t('ambassador.button.join'), 'primary')),
            ],
            { visibility: 'direct' },
          );
        };
        await inviteAmbassadors(ctx.deps, ctx.workspace, ctx.actor, {
          userIds: input.person ?? [],
          deliveryId: ctx.deliveryId,
          settings: ctx.settings,
          message: invitation,
        });
        return notice(ctx.t('ambassador.invited'));
      },
    }),
    list: defineSubcommand({
      description: 'cmd.ambassador.list.description',
      options: {},
      textStyle: 'positional',
      async run(ctx) {
        const list = await activeAmbassadors(ctx.deps, ctx.workspace, ctx.actor);
        if (list.length === 0) return notice(ctx.t('ambassador.none'));
        const lines = list.flatMap((a, i): Span[] => [
          ...(i ? [{ text: '\n' }] : []),
          { user: a.userId },
          {
            text: a.networks.length ? ` — ${a.networks.map((n) => NETWORK_LABELS[n as Network] ?? n).join(', ')}` : '',
          },
        ]);
        return replyWith(
          message([header(ctx.t('ambassador.list-title')), section(lines), context(`${list.length}`)], {
            visibility: 'only-you',
          }),
        );
      },
    }),
  },
  actions: [
    onClick(promptButtons.shared, { run: (ctx, id) => answer(ctx, id, 'shared'), workspaceOf: workspaceOfPrompt }),
    onClick(promptButtons.skip, { run: (ctx, id) => answer(ctx, id, 'skip'), workspaceOf: workspaceOfPrompt }),
    onClick(promptButtons.stop, { run: (ctx, id) => answer(ctx, id, 'stop'), workspaceOf: workspaceOfPrompt }),
    onClick(joinButton, {
      workspaceOf: async (_deps, workspaceId) => workspaceId,
      async run(ctx) {
        const fresh = await joinAmbassadors(ctx.deps, ctx.workspace, ctx.actor, { networks: [] });
        return joined(ctx, fresh);
      },
    }),
  ],
});
