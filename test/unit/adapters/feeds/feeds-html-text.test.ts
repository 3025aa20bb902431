import { describe, expect, it } from 'vitest';
import { feedText, htmlToText, shortText } from '../../../../adapters/feeds/html-text.ts';

describe('htmlToText', () => {
  it('keeps the text a reader sees, entities decoded, blocks separated', () => {
    expect(htmlToText('<p>Hello&nbsp;<b>world</b> &amp; caf&eacute; &#8212; &#x1F600;</p><p>Next</p>')).toBe(
      'Hello world & café — 😀 Next',
    );
    expect(htmlToText('line<br>break<li>item</li>')).toBe('line break item');
  });

  it('drops scripts, styles and other hidden content, even unclosed', () => {
    expect(
      htmlToText('<script>alert("x")</script><style>p{}</style>Visible<noscript>no</noscript><template>t</template>'),
    ).toBe('Visible');
    expect(htmlToText('Before<script>evil()')).toBe('Before');
    expect(htmlToText('<iframe src="x">frame text</iframe><svg><text>svg</text></svg>ok')).toBe('ok');
  });

  it('leaves no markup: stray angle brackets of text survive only as text', () => {
    expect(htmlToText('a < b and c > d')).toBe('a < b and c > d');
    expect(htmlToText('<img src=x onerror=alert(1)>caption')).toBe('caption');
    expect(htmlToText('<!-- comment -->text<![CDATA[x]]>')).not.toContain('<');
  });

  it('removes control and bidi-override characters, collapses whitespace', () => {
    expect(htmlToText('a\u0000b\u202Ec \t\n d\u200B')).toBe('abc d');
    expect(htmlToText('👨‍👩‍👧 family')).toBe('👨‍👩‍👧 family');
  });

  it('stops reading once it has enough text, whatever the length of the document', () => {
    // A ratio, not a time: reading 100 times the document to its end would take ~100 times as long
    // (measured ~25 times here: the string is still scanned for where the parser stopped).
    const elapsed = (html: string) => {
      const start = performance.now();
      expect(htmlToText(html, 500).length).toBeLessThanOrEqual(501);
      return performance.now() - start;
    };
    const paragraph = '<p>Un paragraphe de texte.</p>';
    const small = Math.min(...[1, 2, 3].map(() => elapsed(paragraph.repeat(2_000))));
    const large = Math.min(...[1, 2, 3].map(() => elapsed(paragraph.repeat(200_000))));
    expect(large).toBeLessThan(50 * small + 5);
    // One 10 MB text node is tokenized to its end, but nothing more is done with it.
    const t1 = performance.now();
    expect(htmlToText(`<p>${'word '.repeat(2_000_000)}</p>`, 500).length).toBeLessThanOrEqual(501);
    expect(performance.now() - t1).toBeLessThan(5000); // a blow-up bound, not a speed test
    const t2 = performance.now();
    htmlToText(`${'<b>'.repeat(200_000)}deep`);
    expect(performance.now() - t2).toBeLessThan(2500);
  });
});

describe('shortText', () => {
  it('keeps short text as it is', () => {
    expect(shortText('Bonjour', 300)).toBe('Bonjour');
  });

  it('cuts at a word with a visible ellipsis, within the limit', () => {
    const text = 'Les opérateurs promettent d’achever le chantier d’ici à 2026, mais les élus locaux s’impatientent.';
    const short = shortText(text, 40);
    expect(short.length).toBeLessThanOrEqual(40);
    expect(short).toBe('Les opérateurs promettent d’achever le…');
  });

  it('cuts inside a very long word rather than losing everything, without splitting a surrogate pair', () => {
    expect(shortText('x'.repeat(500), 300)).toBe(`${'x'.repeat(299)}…`);
    const emoji = shortText('😀'.repeat(200), 11);
    expect(emoji.length).toBeLessThanOrEqual(11);
    expect(emoji).toBe('😀😀😀😀😀…');
  });
});

describe('feedText', () => {
  it('turns a feed’s HTML into clean short text', () => {
    const html = `<p>${'Un paragraphe assez long pour être coupé. '.repeat(20)}</p>`;
    const text = feedText(html, 300);
    expect(text.length).toBeLessThanOrEqual(300);
    expect(text.endsWith('…')).toBe(true);
    expect(text).not.toMatch(/[<>]/);
  });
});
