const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

export const ELLIPSIS = '…';

/**
 * Cuts `text` to at most `max` UTF-16 units (what platforms count), never inside a grapheme
 * (an emoji, a flag, an accented letter), and says so with an ellipsis.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const { segment } of segmenter.segment(text)) {
    if (out.length + segment.length > max - ELLIPSIS.length) break;
    out += segment;
  }
  return out + ELLIPSIS;
}
