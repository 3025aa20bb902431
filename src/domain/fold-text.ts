/**
 * Folding for comparison: lower case, no marks, ligatures spelled out, digits kept with their
 * thousands separators removed, anything else a space.
 */

const LIGATURES: Record<string, string> = {
  œ: 'oe',
  æ: 'ae',
  ß: 'ss',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ı: 'i',
  ð: 'd',
  þ: 'th',
};
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
/** What each code point folds to: lower-case letters and digits without marks, '' for a mark, ' ' for anything else. */
const folded = new Map<number, string>();

function foldCodePoint(cp: number): string {
  let out = folded.get(cp);
  if (out === undefined) {
    out = '';
    const decomposed = String.fromCodePoint(cp)
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase();
    for (const ch of decomposed) out += LIGATURES[ch] ?? (LETTER_OR_DIGIT.test(ch) ? ch : ' ');
    folded.set(cp, out);
  }
  return out;
}
for (let cp = 0; cp < 0x250; cp++) foldCodePoint(cp);

export const isDigit = (code: number) => code >= 48 && code <= 57;
/** A thousands separator: space, no-break space, narrow no-break space, dot, comma, apostrophe. */
const isGroupSeparator = (code: number) =>
  code === 32 || code === 0xa0 || code === 0x202f || code === 46 || code === 44 || code === 39;

/** Output buffer of UTF-16 code units, reused and grown as needed (folding is synchronous). */
let buffer: Uint16Array = new Uint16Array(1024);

function toText(units: Uint16Array, length: number): string {
  let out = '';
  for (let start = 0; start < length; start += 8192) {
    out += String.fromCharCode.apply(
      null,
      units.subarray(start, Math.min(length, start + 8192)) as unknown as number[],
    );
  }
  return out;
}

/**
 * Lowercase, accents and punctuation gone, one space between words: "L'État, c'est « moi » !"
 * → "l etat c est moi". A thousands separator between digits is dropped, so "3 000", "3 000"
 * and "3,000" are the one word "3000" ("2,5" stays two). One pass over the text with a table
 * per code point: this runs on every title and summary of a digest.
 */
export function foldText(text: string): string {
  let n = 0;
  let pendingSpace = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 128) {
      let unit: number;
      if (code >= 97 && code <= 122) unit = code;
      else if (code >= 65 && code <= 90) unit = code + 32;
      else if (isDigit(code)) unit = code;
      else {
        const joinsDigits =
          isGroupSeparator(code) &&
          i > 0 &&
          isDigit(text.charCodeAt(i - 1)) &&
          isDigit(text.charCodeAt(i + 1)) &&
          isDigit(text.charCodeAt(i + 2)) &&
          isDigit(text.charCodeAt(i + 3)) &&
          !isDigit(text.charCodeAt(i + 4));
        if (!joinsDigits) pendingSpace = n > 0;
        continue;
      }
      if (n + 2 > buffer.length) buffer = grow(buffer, n + 2);
      if (pendingSpace) buffer[n++] = 32;
      pendingSpace = false;
      buffer[n++] = unit;
      continue;
    }
    if (
      (code === 0xa0 || code === 0x202f) &&
      i > 0 &&
      isDigit(text.charCodeAt(i - 1)) &&
      isDigit(text.charCodeAt(i + 1)) &&
      isDigit(text.charCodeAt(i + 2)) &&
      isDigit(text.charCodeAt(i + 3)) &&
      !isDigit(text.charCodeAt(i + 4))
    ) {
      continue;
    }
    const cp = text.codePointAt(i)!;
    if (cp > 0xffff) i++;
    const piece = foldCodePoint(cp);
    if (n + 2 * piece.length + 1 > buffer.length) buffer = grow(buffer, n + 2 * piece.length + 1);
    for (let k = 0; k < piece.length; k++) {
      const unit = piece.charCodeAt(k);
      if (unit === 32) {
        pendingSpace = n > 0;
      } else {
        if (pendingSpace) buffer[n++] = 32;
        pendingSpace = false;
        buffer[n++] = unit;
      }
    }
  }
  return toText(buffer, n);
}

function grow(units: Uint16Array, atLeast: number): Uint16Array {
  const bigger = new Uint16Array(Math.max(atLeast, units.length * 2));
  bigger.set(units);
  return bigger;
}
