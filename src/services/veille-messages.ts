import type { Digest } from '../domain/digest.ts';
import type { VeilleSource } from '../domain/veille.ts';
import type { Locale, Translate } from '../i18n/catalog.ts';
import { actions, context, header, message, section } from '../message/build.ts';
import { button } from '../message/button-kind.ts';
import type { Block, Message, Span } from '../message/model.ts';
import { storyButton } from './buttons.ts';

/** How long ago, in the reader's words (Intl's relative time). */
function age(publishedAt: Date | null, now: Date, locale: Locale): string {
  if (!publishedAt) return '';
  const hours = Math.round((publishedAt.getTime() - now.getTime()) / 3_600_000);
  const fmt = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  return Math.abs(hours) < 48 ? fmt.format(hours, 'hour') : fmt.format(Math.round(hours / 24), 'day');
}

/** The digest as a card: grouped by keyword, each story with its source, age, summary, link and Draft a post. */
export function digestMessage(opts: {
  digest: Digest;
  failing: VeilleSource[];
  now: Date;
  timezone: string;
  locale: Locale;
  t: Translate;
  preview: boolean;
  weekly?: boolean;
}): Message {
  const { digest, t, now, locale } = opts;
  const date = new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
    timeZone: opts.timezone,
    dateStyle: 'full',
  }).format(now);
  const titleKey = opts.weekly ? 'veille.weekly-title' : opts.preview ? 'veille.preview-title' : 'veille.digest-title';
  const blocks: Block[] = [header(t(titleKey, { date }))];
  if (digest.groups.length === 0) blocks.push(section(t('veille.empty')));
  for (const group of digest.groups) {
    blocks.push(section([{ text: group.keyword ?? t('veille.other-keywords'), style: 'bold' }]));
    for (const entry of group.entries) {
      const title: Span = entry.url
        ? { text: entry.title, href: entry.url, style: 'bold' }
        : { text: entry.title, style: 'bold' };
      const meta = [
        entry.source,
        age(entry.publishedAt, now, locale),
        entry.otherSources ? t('veille.more-sources', { count: entry.otherSources }) : '',
      ]
        .filter(Boolean)
        .join(' · ');
      blocks.push(section([title, { text: `\n${meta}` }, ...(entry.summary ? [{ text: `\n${entry.summary}` }] : [])]));
      const itemId = entry.itemIds[0];
      if (itemId)
        blocks.push(actions(button(storyButton, Number(itemId), t('veille.button.draft'), undefined, entry.title)));
    }
  }
  for (const source of opts.failing)
    blocks.push(context(t('veille.failing', { title: source.title, error: source.lastError ?? '?' })));
  return message(blocks, { visibility: opts.preview ? 'only-you' : 'public', text: t(titleKey, { date }) });
}
