import { ELLIPSIS } from '../../src/message/truncate.ts';

/**
 * Slack's mrkdwn has three control characters, `&`, `<` and `>`; Slack escapes them as entities,
 * and nothing else (api.slack.com/reference/surfaces/formatting). Both directions live here:
 * text Relais sends where Slack reads mrkdwn, and text Slack escaped before sending it to Relais.
 */

const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const CHARACTER: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>' };

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

const escapeAll = (text: string) => text.replace(/[&<>]/g, (c) => ENTITY[c] ?? c);

/**
 * Text from anyone, made inert for mrkdwn (`<!channel>` becomes `&lt;!channel&gt;`, which Slack
 * shows as typed and never as a broadcast), and cut to `max` characters of escaped text without
 * splitting an entity or a grapheme, with an ellipsis when it cut.
 */
export function escapeMrkdwn(text: string, max = Number.POSITIVE_INFINITY): string {
  const escaped = escapeAll(text);
  if (escaped.length <= max) return escaped;
  let out = '';
  for (const { segment } of segmenter.segment(text)) {
    const piece = escapeAll(segment);
    if (out.length + piece.length > max - ELLIPSIS.length) break;
    out += piece;
  }
  return out + ELLIPSIS;
}

/** What the person typed, from text Slack escaped (slash-command text): exactly Slack's three entities, once. */
export function unescapeSlackText(text: string): string {
  return text.replace(/&(?:amp|lt|gt);/g, (entity) => CHARACTER[entity] ?? entity);
}
