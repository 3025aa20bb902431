import { z } from 'zod';
import { dayNumber, formatMinutes, localParts } from '../src/domain/zoned-time.ts';
import { Invalid } from '../src/errors.ts';
import { formatDay, zoneName } from '../src/i18n/time-words.ts';
import { header, message, notice, replyWith, section } from '../src/message/build.ts';
import { isClearWord } from '../src/message/clear-words.ts';
import type { Span } from '../src/message/model.ts';
import { storyButton } from '../src/services/buttons.ts';
import {
  addSource,
  channelDigest,
  digestSettings,
  listSources,
  nextDigestOf,
  removeSource,
  setDigestSize,
  setDigestTime,
  setWeeklyReview,
  storyForDraft,
} from '../src/services/veille.ts';
import { digestMessage } from '../src/services/veille-messages.ts';
import {
  type CommandContext,
  defineCommand,
  defineSubcommand,
  onClick,
  option,
  withProblem,
} from './define-command.ts';
import { draftForm } from './draft-forms.ts';

function channelOf(ctx: CommandContext): string {
  if (!ctx.channelId) throw new Invalid('error.not-in-workspace');
  return ctx.channelId;
}

export const veilleCommand = defineCommand({
  name: 'veille',
  description: 'cmd.veille.description',
  defaultSubcommand: 'list',
  subcommands: {
    add: defineSubcommand({
      description: 'cmd.veille.add.description',
      options: {
        url: option.refine(
          option.string({ description: 'opt.veille.url', required: true, maxLength: 2000 }),
          z.string().trim().url(),
          { key: 'veille.error.bad-url' },
        ),
        keywords: option.text({ description: 'opt.veille.keywords', maxLength: 300 }),
      },
      textStyle: 'positional',
      async run(ctx, input) {
        const keywords = [
          ...new Set(
            (input.keywords ?? '')
              .split(/[\s,]+/)
              .map((k) => k.trim())
              .filter(Boolean),
          ),
        ].slice(0, 20);
        const result = await addSource(ctx.deps, ctx.workspace, ctx.actor, {
          channelId: channelOf(ctx),
          url: String(input.url),
          keywords,
          t: ctx.t,
        });
        if (result === 'already') return notice(ctx.t('veille.already'));
        // Adding a source posts nothing: the answer says when the first digest comes, on the reader's clock.
        const next = await nextDigestOf(ctx.deps, ctx.workspace, ctx.actor, result.source.channelId, ctx.settings);
        const [first, zone] = [next.at, next.readerTimezone];
        const added = ctx.t('veille.added', { title: result.source.title, count: result.count, id: result.source.id });
        const when = ctx.t('veille.first-digest', {
          day: formatDay(first, zone, ctx.locale),
          time: formatMinutes(localParts(first, zone).minutes),
          timezone: zoneName(zone),
        });
        return notice(`${added} ${when}`);
      },
    }),
    list: defineSubcommand({
      description: 'cmd.veille.list.description',
      options: {},
      textStyle: 'positional',
      async run(ctx) {
        const sources = await listSources(ctx.deps, ctx.workspace, channelOf(ctx));
        if (sources.length === 0) return notice(ctx.t('veille.none'));
        const lines = sources.flatMap((s, i): Span[] => [
          ...(i ? [{ text: '\n' }] : []),
          { text: `#${s.id} `, style: 'bold' },
          { text: s.title, href: s.url },
          { text: s.keywords.length ? ` — ${s.keywords.join(', ')}` : '' },
          { text: s.failingSince ? ` ⚠ ${s.lastError ?? ''}` : '' },
        ]);
        return replyWith(message([header(ctx.t('veille.list-title')), section(lines)], { visibility: 'only-you' }));
      },
    }),
    remove: defineSubcommand({
      description: 'cmd.veille.remove.description',
      options: { id: option.integer({ description: 'opt.veille.id', required: true, min: 1, max: 2_000_000_000 }) },
      textStyle: 'positional',
      async run(ctx, input) {
        await removeSource(ctx.deps, ctx.workspace, ctx.actor, Number(input.id));
        return notice(ctx.t('veille.removed', { id: Number(input.id) }));
      },
    }),
    time: defineSubcommand({
      description: 'cmd.veille.time.description',
      options: { time: option.text({ description: 'opt.veille.time', required: true, maxLength: 60 }) },
      textStyle: 'positional',
      async run(ctx, input) {
        const set = await setDigestTime(ctx.deps, ctx.workspace, ctx.actor, channelOf(ctx), input.time ?? '');
        return notice(
          ctx.t('veille.time-set', {
            time: formatMinutes(set.minuteOfDay),
            timezone: set.timezone ?? ctx.settings.timezone,
          }),
        );
      },
    }),
    size: defineSubcommand({
      description: 'cmd.veille.size.description',
      options: {
        stories: withProblem(
          option.integer({ description: 'opt.veille.size', required: true, min: 1, max: 30 }),
          { key: 'veille.problem.size', params: { min: 1, max: 30 }, whole: true },
          { key: 'veille.missing.size', sample: '10' },
        ),
      },
      textStyle: 'positional',
      async run(ctx, input) {
        await setDigestSize(ctx.deps, ctx.workspace, ctx.actor, channelOf(ctx), Number(input.stories));
        return notice(ctx.t('veille.size-set', { count: Number(input.stories) }));
      },
    }),
    weekly: defineSubcommand({
      description: 'cmd.veille.weekly.description',
      options: { day: option.string({ description: 'opt.veille.day', required: true, maxLength: 10 }) },
      textStyle: 'positional',
      async run(ctx, input) {
        const text = String(input.day ?? '').toLowerCase();
        const day = text === 'off' || isClearWord(text) ? null : dayNumber(text);
        if (day === undefined) throw new Invalid('veille.bad-day');
        await setWeeklyReview(ctx.deps, ctx.workspace, ctx.actor, channelOf(ctx), day);
        return notice(
          day === null
            ? ctx.t('veille.weekly-off')
            : ctx.t('veille.weekly-set', { day: ctx.t(`weekday.${day as 1 | 2 | 3 | 4 | 5 | 6 | 7}`) }),
        );
      },
    }),
    now: defineSubcommand({
      description: 'cmd.veille.now.description',
      options: {},
      textStyle: 'positional',
      async run(ctx) {
        const now = ctx.deps.clock.now();
        const channel = await digestSettings(ctx.deps, ctx.workspace, channelOf(ctx), ctx.settings.timezone);
        // No digest is sent yet (scheduling is still to come): the preview shows the best of the week.
        const { digest, failing } = await channelDigest(ctx.deps, ctx.workspace, channelOf(ctx), null);
        return replyWith(
          digestMessage({
            digest,
            failing,
            now,
            timezone: channel.timezone,
            locale: ctx.locale,
            t: ctx.t,
            preview: true,
          }),
        );
      },
    }),
  },
  actions: [
    onClick(storyButton, {
      async run(ctx, id) {
        const stored = await storyForDraft(ctx.deps, ctx.workspace, id);
        // The source goes to the reviewers as a note, the title and link into the post.
        return draftForm(ctx, undefined, {
          text: stored.item.title,
          link: stored.item.url,
          note: `${stored.sourceTitle}${stored.item.url ? ` — ${stored.item.url}` : ''}`,
          storyId: stored.id,
        });
      },
    }),
  ],
});
