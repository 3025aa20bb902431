import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../../../adapters/feeds/parse-feed.ts';
import type { FeedItem, ParsedFeed } from '../../../../src/domain/feed-item.ts';

/** The project's own fixtures (test/fixtures/feeds), each read as Relais reads a fetched feed. */

const NOW = new Date('2025-01-15T12:00:00Z');
const DIR = new URL('../../../fixtures/feeds/', import.meta.url);

function parseFixture(name: string, url = `https://feeds.example.net/${name}`): ParsedFeed {
  return parseFeed(readFileSync(new URL(name, DIR)), { url, now: NOW });
}

const iso = (item: FeedItem | undefined) => item?.publishedAt?.toISOString() ?? null;

describe('own fixtures', () => {
  it('French news in ISO-8859-1: accents, windows-1252 quotes and euro, French dates, clean summaries', () => {
    const feed = parseFixture('actualite-fr-iso-8859-1.xml');
    expect(feed.title).toBe('Le Quotidien du Numérique — À la une');
    expect(feed.link).toBe('https://www.quotidien-numerique.example.fr/');
    const [cnil, teletravail, fibre] = feed.items;
    expect(cnil).toMatchObject({
      id: 'qn-2025-0042',
      title: 'Élections : la CNIL s’inquiète des données des électeurs',
      author: 'Élodie Marchand',
      url: 'https://www.quotidien-numerique.example.fr/politique/2025/01/14/cnil-donnees-electeurs_42.html?utm_source=rss&utm_medium=feed&xtor=RSS-1',
      summary:
        'La Commission nationale de l’informatique et des libertés met en garde les partis avant la campagne. Lire aussi : notre dossier & nos analyses.',
    });
    expect(iso(cnil)).toBe('2025-01-14T07:30:00.000Z');
    expect(cnil!.summary).not.toContain('trackReader');
    // A relative link resolved against the channel's link; a French RFC 822 date without seconds.
    expect(teletravail!.url).toBe(
      'https://www.quotidien-numerique.example.fr/economie/2025/01/13/teletravail-accord_41.html',
    );
    expect(iso(teletravail)).toBe('2025-01-13T17:45:00.000Z');
    expect(teletravail!.summary).toBe(
      'Indemnité de 2,50 € par jour, droit à la déconnexion : les points clés de l’accord.',
    );
    // No guid: the id is the canonical URL. A long summary is cut at a word with an ellipsis.
    expect(fibre!.id).toBe('https://www.quotidien-numerique.example.fr/tech/2025/01/12/fibre-optique_40.html');
    expect(fibre!.summary.length).toBeLessThanOrEqual(300);
    expect(fibre!.summary).toMatch(/ d’intervention…$/);
  });

  it('Atom blog: xml:base on the feed and on an entry, html and xhtml text, inherited author', () => {
    const feed = parseFixture('blog-atom-xml-base.xml');
    expect(feed.title).toBe('Carnet de bord — Relais & co');
    expect(feed.link).toBe('https://carnet.example.org/blog/');
    expect(feed.items.map((i) => i.url)).toEqual([
      'https://carnet.example.org/blog/2025/01/charte-v2',
      'https://carnet.example.org/archives/2024/bilan',
      'https://evenements.example.net/ateliers/linkedin',
    ]);
    const [charte, bilan, atelier] = feed.items;
    expect(charte).toMatchObject({
      title: 'Notre charte éditoriale, version 2',
      author: 'Camille Roux',
      summary: 'Ce qui change : le ton, les sources, les règles.',
    });
    expect(iso(charte)).toBe('2025-01-10T16:20:00.000Z'); // published, not updated
    expect(bilan).toMatchObject({
      author: 'Équipe Carnet',
      summary: 'Douze mois, 148 articles et trois nouveaux réseaux. Merci à toutes et tous.',
    });
    expect(iso(bilan)).toBe('2024-12-31T10:00:00.000Z'); // only updated
    expect(atelier).toMatchObject({
      id: 'https://carnet.example.org/blog/atelier-linkedin',
      summary: 'Inscriptions ouvertes jusqu’au 15 décembre.',
    });
  });

  it('RSS 1.0 (RDF): dc:date, dc:creator, rdf:about as the link', () => {
    const feed = parseFixture('rss-1.0-rdf.xml');
    expect(feed).toMatchObject({ title: 'Le Labo — notes techniques', link: 'https://labo.example.org/' });
    expect(feed.items).toEqual([
      {
        id: 'https://labo.example.org/notes/42',
        title: 'Mesurer avant d’optimiser',
        url: 'https://labo.example.org/notes/42',
        publishedAt: new Date('2024-11-05T13:00:00Z'),
        summary: 'Un profil vaut mieux que dix intuitions.',
        author: 'Inès Duval',
      },
      {
        id: 'https://labo.example.org/notes/41',
        title: 'Les fuseaux horaires, encore',
        url: 'https://labo.example.org/notes/41',
        publishedAt: new Date('2024-10-27T00:00:00Z'),
        summary: 'Le changement d’heure a encore frappé.',
        author: null,
      },
    ]);
  });

  it('RSS 0.91 with the Netscape DOCTYPE and HTML entities', () => {
    const feed = parseFixture('rss-0.91.xml');
    expect(feed.title).toBe('Vintage Web News');
    expect(feed.items.map((i) => [i.title, i.summary, i.publishedAt])).toEqual([
      ['Café opens a cyber corner', 'Four terminals & a modem — the future is here.', null],
      ['Browsers: the new frames tag', '', null],
    ]);
  });

  it('RSS 0.90 (Netscape RDF) and Atom 0.3 (issued, escaped and base64 content modes)', () => {
    const rss090 = parseFixture('rss-0.90-netscape.xml');
    expect(rss090).toMatchObject({ title: 'Mozilla Dot Org', link: 'http://www.mozilla.org/' });
    expect(rss090.items.map((i) => [i.title, i.url])).toEqual([
      ['New Status Updates', 'http://www.mozilla.org/status/'],
      ['Bugzilla Reorganized', 'http://www.mozilla.org/bugs/'],
    ]);
    const atom03 = parseFixture('atom-0.3.xml');
    expect(atom03).toMatchObject({ title: 'Old Atom Weblog', link: 'http://old-atom.example.com/' });
    expect(atom03.items).toEqual([
      {
        id: 'tag:old-atom.example.com,2004:1',
        title: 'First post',
        url: 'http://old-atom.example.com/2004/05/01/first',
        publishedAt: new Date('2004-05-01T14:00:00Z'),
        summary: 'Hello, Atom 0.3.',
        author: 'Mark P.',
      },
      {
        id: 'tag:old-atom.example.com,2004:2',
        title: 'Second & last',
        url: 'http://old-atom.example.com/2004/04/30/second',
        publishedAt: new Date('2004-04-30T08:00:00Z'),
        summary: 'An XHTML summary.',
        author: 'Mark P.',
      },
    ]);
  });

  it('JSON Feed 1.1: content_html cleaned, relative url resolved, numeric id, authors', () => {
    const feed = parseFixture('json-feed-1.1.json', 'https://micro.example.com/feed.json');
    expect(feed).toMatchObject({ title: 'Micro-journal de Relais', link: 'https://micro.example.com/' });
    const [launch, note, elsewhere] = feed.items;
    expect(launch).toMatchObject({
      title: 'Lancement de la version 2',
      summary: 'La version 2 est là — avec le mode sombre.',
      author: 'Léa Martin',
    });
    expect(iso(launch)).toBe('2025-01-08T09:00:00.000Z');
    expect(note).toMatchObject({
      id: '1024',
      url: 'https://micro.example.com/2025/01/05/note',
      author: 'Hugo B.',
      summary: 'Une note courte, sans titre. Sur deux paragraphes.',
    });
    expect(note!.title).toBe('Une note courte, sans titre. Sur deux paragraphes.');
    expect(elsewhere).toMatchObject({ url: 'https://ailleurs.example.org/article', publishedAt: null });
  });

  it('GB2312 Chinese feed', () => {
    const feed = parseFixture('keji-gb2312.xml');
    expect(feed.title).toBe('科技日报 - 最新消息');
    expect(feed.items[0]).toMatchObject({
      title: '人工智能助力气象预报更加精准',
      summary: '国家气象中心发布新一代预报模型，准确率提高百分之十。',
      author: '王小明',
    });
    expect(iso(feed.items[0])).toBe('2025-01-10T01:00:00.000Z');
    expect(feed.items[1]!.title).toBe('新能源汽车销量再创新高');
  });

  it('Google Alerts: <b> highlights removed, redirect links unwrapped, never to a non-http target', () => {
    const feed = parseFixture(
      'google-alerts.xml',
      'https://www.google.com/alerts/feeds/01234567890123456789/9876543210987654321',
    );
    expect(feed.title).toBe('Google Alert - relais éditorial');
    const [first, second, trap] = feed.items;
    expect(first).toMatchObject({
      id: 'tag:google.com,2013:googlealerts/feed:11111111111111111111',
      title: "Les relais d'opinion et la stratégie éditoriale",
      url: 'https://www.presse-exemple.fr/medias/2025/01/14/relais-opinion?utm_source=google',
      summary: "Comment les relais d'opinion façonnent la ligne éditoriale des marques ...",
      author: null,
    });
    expect(second!.url).toBe('http://blog.outils-com.example/relais-equipes');
    expect(trap!.url).toMatch(/^https:\/\/www\.google\.com\/url\?/);
  });

  it('podcast: itunes summary and author, enclosure as the link of last resort', () => {
    const feed = parseFixture('podcast-itunes.xml');
    const [ep42, ep41, ep40] = feed.items;
    expect(ep42).toMatchObject({
      id: 'ondecourte-42',
      title: '#42 — Community managers : le burn-out en question',
      url: 'https://ondecourte.example.com/episodes/42',
      author: 'Nadia Benali',
      summary: 'Trois community managers racontent leurs journées, leurs nuits et comment elles ont repris la main.',
    });
    expect(iso(ep42)).toBe('2025-01-08T10:00:00.000Z');
    expect(ep41).toMatchObject({
      url: 'https://ondecourte.example.com/episodes/41',
      summary: 'Micros, logiciels et organisation.',
    });
    expect(ep40).toMatchObject({ url: 'https://cdn.ondecourte.example.com/episodes/40.mp3', summary: '' });
    expect(iso(ep40)).toBe('2024-12-11T13:00:00.000Z');
  });

  it('missing and garbage dates are null, odd but real ones are read', () => {
    const dates = Object.fromEntries(parseFixture('dates-missing-and-garbage.xml').items.map((i) => [i.title, iso(i)]));
    expect(dates).toEqual({
      'No date at all': null,
      Garbage: null,
      'Looks like a date to Date.parse': null,
      Zeroes: null,
      Epoch: null,
      'Far future': null,
      'Thirty-first of June': null,
      'Bad pubDate, good dc:date': '2024-06-01T12:00:00.000Z',
      'No seconds, named zone': '2024-06-03T07:15:00.000Z',
      'Two-digit year': '2024-06-06T03:00:00.000Z',
      'Colon in zone': '2024-06-06T04:30:00.000Z',
      'German names': '2024-12-12T07:00:00.000Z',
      'ISO without zone': '2024-06-07T08:30:00.000Z',
    });
  });

  it('returns only plain text and absolute http(s) links for every fixture', () => {
    for (const name of [
      'atom-0.3.xml',
      'rss-0.90-netscape.xml',
      'actualite-fr-iso-8859-1.xml',
      'blog-atom-xml-base.xml',
      'rss-1.0-rdf.xml',
      'rss-0.91.xml',
      'json-feed-1.1.json',
      'keji-gb2312.xml',
      'google-alerts.xml',
      'podcast-itunes.xml',
      'dates-missing-and-garbage.xml',
    ]) {
      const feed = parseFixture(name);
      expect(feed.items.length, name).toBeGreaterThan(0);
      for (const item of feed.items) {
        for (const text of [item.title, item.summary, item.author ?? ''])
          expect(text, name).not.toMatch(/<[a-z/!]|&[a-z]+;|&#\d+;/i);
        if (item.url !== null) expect(item.url, name).toMatch(/^https?:\/\/[^\s]+$/);
        expect(item.id, name).not.toBe('');
      }
    }
  });
});
