import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeBody, detectEncoding } from '../../../../adapters/feeds/decode-body.ts';

const xml = (encoding: string, body: string) =>
  `<?xml version="1.0" encoding="${encoding}"?><rss><channel><title>${body}</title></channel></rss>`;

describe('decodeBody', () => {
  it('honours a byte-order mark first', () => {
    const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(xml('ISO-8859-1', 'Café'))]);
    expect(decodeBody(utf8, 'text/xml; charset=windows-1252')).toBe(xml('ISO-8859-1', 'Café'));
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml('UTF-16', 'Ελληνικά'), 'utf16le')]);
    expect(decodeBody(utf16)).toBe(xml('UTF-16', 'Ελληνικά'));
    expect(detectEncoding(iconv.encode(xml('UTF-16', 'x'), 'utf16-be')).encoding).toBe('utf-16be');
  });

  it('then the XML declaration, then the Content-Type charset, then UTF-8', () => {
    const cyrillic = iconv.encode(xml('windows-1251', 'Новости'), 'windows-1251');
    expect(decodeBody(cyrillic, 'application/rss+xml; charset=utf-8')).toContain('Новости');
    const latin = iconv.encode('<rss><channel><title>Été</title></channel></rss>', 'latin1');
    expect(decodeBody(latin, 'text/xml; charset="ISO-8859-1"')).toContain('Été');
    expect(decodeBody(Buffer.from('<rss><title>Été</title></rss>'))).toContain('Été');
  });

  it('reads ISO-8859-1 as windows-1252, as browsers do, for its curly quotes and euro sign', () => {
    const bytes = Buffer.concat([
      Buffer.from('<?xml version="1.0" encoding="iso-8859-1"?><t>'),
      Buffer.from([0x92, 0x80, 0xe9]),
      Buffer.from('</t>'),
    ]);
    expect(decodeBody(bytes)).toContain('’€é');
  });

  it('decodes GB2312 (as GB18030), Shift_JIS, EUC-KR, KOI8-R and ISO-8859-15', () => {
    expect(decodeBody(iconv.encode(xml('GB2312', '科技日报'), 'gb2312'))).toContain('科技日报');
    expect(decodeBody(iconv.encode(xml('Shift_JIS', '日本語のニュース'), 'shift_jis'))).toContain('日本語のニュース');
    expect(decodeBody(iconv.encode(xml('EUC-KR', '한국어 뉴스'), 'euc-kr'))).toContain('한국어 뉴스');
    expect(decodeBody(iconv.encode(xml('KOI8-R', 'Привет'), 'koi8-r'))).toContain('Привет');
    expect(decodeBody(iconv.encode(xml('ISO-8859-15', 'Œuvre 5 €'), 'iso-8859-15'))).toContain('Œuvre 5 €');
  });

  it('ignores labels it cannot use: unknown, or UTF-16 in a declaration readable as ASCII', () => {
    expect(decodeBody(Buffer.from(xml('x-unknown-charset', 'Café')), 'text/xml; charset=utf-8')).toContain('Café');
    expect(decodeBody(Buffer.from(xml('UTF-16', 'Café')))).toContain('Café');
  });

  it('turns invalid UTF-8 into replacement characters, without throwing', () => {
    const bytes = Buffer.concat([
      Buffer.from('<t>ok '),
      Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82]),
      Buffer.from(' fin</t>'),
    ]);
    const text = decodeBody(bytes);
    expect(text).toMatch(/^<t>ok \uFFFD+.*fin<\/t>$/);
  });
});
