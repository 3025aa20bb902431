import iconv from 'iconv-lite';

/**
 * Feed bytes → text. The encoding is taken, in order, from a byte-order mark, the XML declaration
 * (`<?xml version="1.0" encoding="windows-1251"?>`), the HTTP `Content-Type` charset, and is
 * UTF-8 otherwise. The declaration goes before the header on purpose: it travels with the
 * document, while servers often label every file `charset=utf-8` whatever is in it.
 *
 * Labels follow the WHATWG Encoding Standard where browsers and feeds agree: ISO-8859-1 and ASCII
 * mean windows-1252 (feeds labelled Latin-1 carry its curly quotes), and the GB2312/GBK family is
 * decoded as GB18030, their superset. Decoding goes through iconv-lite (pure JavaScript, every
 * ISO-8859-x, windows-125x, KOI8, GB18030, Big5, Shift_JIS, EUC-JP/KR…). It never throws:
 * invalid bytes become U+FFFD, and an unknown label falls through to the next source.
 */

const ALIASES: Record<string, string> = {
  utf8: 'utf-8',
  'iso-8859-1': 'windows-1252',
  'iso8859-1': 'windows-1252',
  iso_8859_1: 'windows-1252',
  latin1: 'windows-1252',
  'latin-1': 'windows-1252',
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
  gb2312: 'gb18030',
  gb_2312: 'gb18030',
  'gb_2312-80': 'gb18030',
  gbk: 'gb18030',
  'x-gbk': 'gb18030',
  cp936: 'gb18030',
  'x-sjis': 'shift_jis',
  'shift-jis': 'shift_jis',
  ms_kanji: 'shift_jis',
};

const XML_DECLARATION = /^\s*<\?xml\s[^>]*?encoding\s*=\s*["']\s*([A-Za-z0-9._:-]+)\s*["']/;
const CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)/i;

/** The encoding the bytes are in (a label iconv-lite knows), and how many BOM bytes to skip. */
export function detectEncoding(bytes: Uint8Array, contentType?: string): { encoding: string; bomLength: number } {
  const [b0, b1, b2, b3] = [bytes[0], bytes[1], bytes[2], bytes[3]];
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (b0 === 0xff && b1 === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (b0 === 0xfe && b1 === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  // `<?` in UTF-16 without a mark.
  if (b0 === 0x3c && b1 === 0 && b2 === 0x3f && b3 === 0) return { encoding: 'utf-16le', bomLength: 0 };
  if (b0 === 0 && b1 === 0x3c && b2 === 0 && b3 === 0x3f) return { encoding: 'utf-16be', bomLength: 0 };

  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 1024)).toString('latin1');
  const declared = usableLabel(XML_DECLARATION.exec(head)?.[1], true);
  if (declared) return { encoding: declared, bomLength: 0 };
  const fromHeader = usableLabel(contentType ? CHARSET.exec(contentType)?.[1] : undefined, false);
  return { encoding: fromHeader ?? 'utf-8', bomLength: 0 };
}

/**
 * A label iconv-lite can decode, or undefined. A declaration read as ASCII cannot be in UTF-16 or
 * UTF-32 (a common mislabel), so those labels are ignored there.
 */
function usableLabel(label: string | undefined, readAsAscii: boolean): string | undefined {
  if (!label) return undefined;
  const lower = label.toLowerCase();
  const name = ALIASES[lower] ?? lower;
  if (readAsAscii && /^(utf-?16|utf-?32|ucs-?2|ucs-?4)/.test(name)) return undefined;
  return iconv.encodingExists(name) ? name : undefined;
}

/** The body as text, decoded as `detectEncoding` says, without a leading byte-order mark. */
export function decodeBody(bytes: Uint8Array, contentType?: string): string {
  const { encoding, bomLength } = detectEncoding(bytes, contentType);
  const body = Buffer.from(bytes.buffer, bytes.byteOffset + bomLength, bytes.length - bomLength);
  const text = encoding === 'utf-8' ? body.toString('utf8') : iconv.decode(body, encoding, { stripBOM: true });
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
