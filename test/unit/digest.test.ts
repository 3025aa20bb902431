import { describe, expect, it } from 'vitest';
import { buildDigest, type DigestCandidate, type DigestEntry } from '../../src/domain/digest.ts';

const NOW = new Date('2025-07-01T07:00:00Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000);
let nextId = 0;

function candidate(p: {
  title: string;
  url?: string | null;
  summary?: string;
  source?: string;
  keywords?: string[];
  publishedAt?: Date | null;
  seenAt?: Date;
  id?: string;
}): DigestCandidate {
  const source = p.source ?? 'lemonde';
  return {
    item: {
      id: p.id ?? `item-${++nextId}`,
      title: p.title,
      url: p.url === undefined ? `https://example.com/${++nextId}` : p.url,
      publishedAt: p.publishedAt === undefined ? hoursAgo(1) : p.publishedAt,
      summary: p.summary ?? '',
      author: null,
    },
    sourceId: source,
    sourceTitle: source.toUpperCase(),
    keywords: p.keywords ?? [],
    seenAt: p.seenAt ?? hoursAgo(0.5),
  };
}

const build = (cs: DigestCandidate[], limit = 10, since: Date | null = null) =>
  buildDigest(cs, { now: NOW, since, limit });
const entries = (cs: DigestCandidate[], limit = 10, since: Date | null = null): DigestEntry[] =>
  build(cs, limit, since).groups.flatMap((g) => g.entries);

describe('the same story from several sources', () => {
  it('is one entry when the links are one page: tracking parameters, an alert redirect, http or www', () => {
    const article = 'https://www.lesechos.fr/industrie/renault-plan-social-2178';
    const result = entries([
      candidate({ source: 'lesechos', title: 'Renault : le plan social détaillé', url: article }),
      candidate({
        source: 'alerts',
        title: 'Renault : le <b>plan social</b> détaillé aux syndicats',
        url: `${article}?utm_source=rss&utm_medium=feed&fbclid=abc`,
      }),
      candidate({
        source: 'google',
        title: 'Le plan social de Renault',
        url: `https://www.google.com/url?rct=j&sa=t&url=${encodeURIComponent(`${article}?utm_campaign=alert`)}&ct=ga&cd=CAIyGjA&usg=AOvVaw1`,
      }),
      candidate({
        source: 'old-http',
        title: 'Renault détaille son plan',
        url: 'http://lesechos.fr/industrie/renault-plan-social-2178/',
      }),
    ]);
    expect(result).toHaveLength(1);
    expect(result[0]).toMatchObject({ url: article, otherSources: 3 });
    expect(result[0]!.itemIds).toHaveLength(4);
  });

  it('is one entry "+2 sources" when the headlines are near-identical', () => {
    const result = entries([
      candidate({ source: 'lemonde', title: 'Renault annonce 3 000 suppressions de postes en France' }),
      candidate({ source: 'figaro', title: 'Renault annonce 3000 suppressions de postes en France - Le Figaro' }),
      candidate({ source: 'bfm', title: 'DIRECT. Renault annonce 3 000 suppressions de postes en France' }),
      candidate({ source: 'lemonde', title: 'Renault annonce 3 000 suppressions de postes en France (mise à jour)' }),
    ]);
    expect(result).toHaveLength(1);
    expect(result[0]!.otherSources).toBe(2);
    expect(result[0]!.itemIds).toHaveLength(4);
  });

  it('keeps related but different stories apart', () => {
    const result = entries([
      candidate({ source: 'a', title: 'Renault annonce 3 000 suppressions de postes en France' }),
      candidate({ source: 'b', title: 'Renault dément supprimer des postes en France' }),
      candidate({ source: 'c', title: 'Renault rappelle 300 000 Clio' }),
      candidate({ source: 'd', title: 'Renault rappelle 300 000 Mégane' }),
      candidate({ source: 'e', title: 'Apple unveils iPhone 17 at September event' }),
      candidate({ source: 'f', title: 'Apple unveils iPhone 17 Pro with a new camera' }),
      candidate({ source: 'g', title: 'Revue de presse', url: null }),
      candidate({ source: 'h', title: 'Revue de presse', url: null }),
    ]);
    expect(result).toHaveLength(8);
    expect(result.every((e) => e.otherSources === 0)).toBe(true);
  });

  it('shows the best-scored item and ranks the story a little higher for each other source', () => {
    const alone = entries([candidate({ source: 'a', title: 'La BCE maintient ses taux directeurs inchangés' })])[0]!;
    const result = entries([
      candidate({
        source: 'generalist',
        title: 'La BCE maintient ses taux directeurs inchangés',
        publishedAt: hoursAgo(1),
      }),
      candidate({
        source: 'finance',
        keywords: ['BCE'],
        title: 'La BCE maintient ses taux directeurs inchangés en juillet',
        publishedAt: hoursAgo(1),
      }),
      candidate({
        source: 'finance',
        keywords: ['BCE'],
        title: 'La BCE maintient ses taux directeurs inchangés !',
        publishedAt: hoursAgo(2),
      }),
    ]);
    expect(result).toHaveLength(1);
    expect(result[0]).toMatchObject({
      source: 'FINANCE',
      keyword: 'BCE',
      otherSources: 1,
      title: 'La BCE maintient ses taux directeurs inchangés en juillet',
    });
    // Title hit 2 + one other source 0.5 over the same recency.
    expect(result[0]!.score - alone.score).toBeCloseTo(2.5, 2);
  });
});

describe('keywords', () => {
  it('match whole words in the title or summary, ignoring case and accents, and filter their source', () => {
    const kw = ['IA', 'électricité'];
    const result = entries([
      candidate({ source: 'tech', keywords: kw, title: "L'IA générative arrive dans les mairies" }),
      candidate({ source: 'tech', keywords: kw, title: 'Le prix de l’ELECTRICITE baisse en août' }),
      candidate({
        source: 'tech',
        keywords: kw,
        title: 'Un rapport sur les réseaux',
        summary: 'Il pointe la place de l’ia dans la maintenance.',
      }),
      candidate({
        source: 'tech',
        keywords: kw,
        title: 'Voyage en Australia via Singapour',
        summary: 'Avec Air Asia.',
      }),
      candidate({ source: 'tech', keywords: kw, title: 'Les électriciens en grève' }),
    ]);
    expect(result.map((e) => e.title).sort()).toEqual([
      "L'IA générative arrive dans les mairies",
      'Le prix de l’ELECTRICITE baisse en août',
      'Un rapport sur les réseaux',
    ]);
  });

  it('match a phrase as a whole', () => {
    const result = entries([
      candidate({
        source: 's',
        keywords: ['intelligence artificielle'],
        title: "L'intelligence artificielle au travail",
      }),
      candidate({
        source: 's',
        keywords: ['intelligence artificielle'],
        title: 'Intelligence économique et vie artificielle',
      }),
    ]);
    expect(result.map((e) => e.title)).toEqual(["L'intelligence artificielle au travail"]);
  });

  it('group the entries by the keyword that matched best, groups ordered by their best entry', () => {
    const digest = build([
      candidate({
        source: 'auto',
        keywords: ['Renault', 'Stellantis'],
        title: 'Stellantis et Renault : le match des ventes',
        publishedAt: hoursAgo(5),
      }),
      candidate({
        source: 'auto',
        keywords: ['Renault', 'Stellantis'],
        title: 'Nouvelle usine en Espagne',
        summary: 'Renault investit 1 milliard.',
        publishedAt: hoursAgo(1),
      }),
      candidate({
        source: 'auto',
        keywords: ['Renault', 'Stellantis'],
        title: 'Stellantis rappelle 100 000 Peugeot',
        publishedAt: hoursAgo(0.5),
      }),
      candidate({
        source: 'news',
        title: 'Canicule : vigilance rouge dans 16 départements',
        publishedAt: hoursAgo(0.1),
      }),
      candidate({ source: 'tech', keywords: ['IA'], title: "L'IA au bureau", publishedAt: hoursAgo(40) }),
    ]);
    expect(digest.groups.map((g) => [g.keyword, g.entries.map((e) => e.title)])).toEqual([
      // Both keywords in the title: the first of the source's keywords wins the tie.
      ['Renault', ['Stellantis et Renault : le match des ventes', 'Nouvelle usine en Espagne']],
      ['Stellantis', ['Stellantis rappelle 100 000 Peugeot']],
      [null, ['Canicule : vigilance rouge dans 16 départements']],
      ['IA', ["L'IA au bureau"]],
    ]);
    expect(digest.total).toBe(5);
  });

  it('put the same keyword written differently by two sources in one group', () => {
    const digest = build([
      candidate({ source: 'a', keywords: ['IA'], title: "L'IA au bureau" }),
      candidate({ source: 'b', keywords: ['ia'], title: "L'IA à l'école" }),
    ]);
    expect(digest.groups).toHaveLength(1);
  });
});

describe('ranking', () => {
  it('weighs a title hit as about eight hours of freshness, and a summary hit half of that', () => {
    const kw = ['Airbus'];
    const result = entries([
      candidate({ source: 's', keywords: kw, title: 'Airbus livre son 500e A321', publishedAt: hoursAgo(12) }), // 2 + 1.5
      candidate({
        source: 's',
        keywords: kw,
        title: 'Toulouse : une nouvelle ligne',
        summary: 'Airbus en profite.',
        publishedAt: hoursAgo(0),
      }), // 1 + 3
      candidate({ source: 's', keywords: kw, title: 'Airbus recrute à Toulouse', publishedAt: hoursAgo(6) }), // 2 + 2.12
      candidate({
        source: 's',
        keywords: kw,
        title: 'Airbus : le carnet de commandes',
        summary: 'Airbus annonce…',
        publishedAt: hoursAgo(48),
      }), // 3 + 0.19
    ]);
    expect(result.map((e) => [e.title, e.score])).toEqual([
      ['Airbus recrute à Toulouse', 4.121],
      ['Toulouse : une nouvelle ligne', 4],
      ['Airbus livre son 500e A321', 3.5],
      ['Airbus : le carnet de commandes', 3.188],
    ]);
  });

  it('ranks by recency alone among sources without keywords', () => {
    const result = entries([
      candidate({ source: 'n', title: 'Trois heures', publishedAt: hoursAgo(3) }),
      candidate({ source: 'n', title: 'Une heure', publishedAt: hoursAgo(1) }),
      candidate({ source: 'n', title: 'Dix heures', publishedAt: hoursAgo(10) }),
    ]);
    expect(result.map((e) => e.title)).toEqual(['Une heure', 'Trois heures', 'Dix heures']);
  });

  it('dates an item without a date (or dated in the future) from when it was first seen, never "now"', () => {
    const result = entries([
      candidate({ source: 'n', title: 'Sans date, vu il y a 20 h', publishedAt: null, seenAt: hoursAgo(20) }),
      candidate({ source: 'n', title: 'Daté il y a 2 h', publishedAt: hoursAgo(2) }),
      candidate({
        source: 'n',
        title: 'Daté dans 3 jours, vu il y a 30 h',
        publishedAt: hoursAgo(-72),
        seenAt: hoursAgo(30),
      }),
    ]);
    expect(result.map((e) => e.title)).toEqual([
      'Daté il y a 2 h',
      'Sans date, vu il y a 20 h',
      'Daté dans 3 jours, vu il y a 30 h',
    ]);
    expect(result[1]!.publishedAt).toBeNull();
    expect(result[1]!.score).toBeCloseTo(3 * 2 ** (-20 / 12), 3);
  });

  it('keeps only what was published (or, undated, first seen) after the previous digest', () => {
    const since = hoursAgo(24);
    const result = entries(
      [
        candidate({ source: 'n', title: 'Publié il y a 23 h', publishedAt: hoursAgo(23) }),
        candidate({
          source: 'n',
          title: 'Publié il y a 25 h, vu il y a 1 h',
          publishedAt: hoursAgo(25),
          seenAt: hoursAgo(1),
        }),
        candidate({ source: 'n', title: 'Sans date, vu il y a 2 h', publishedAt: null, seenAt: hoursAgo(2) }),
        candidate({ source: 'n', title: 'Sans date, vu il y a 30 h', publishedAt: null, seenAt: hoursAgo(30) }),
      ],
      10,
      since,
    );
    expect(result.map((e) => e.title).sort()).toEqual(['Publié il y a 23 h', 'Sans date, vu il y a 2 h']);
  });

  it('keeps the best `limit` stories, 10 by default, and counts them all', () => {
    const many = Array.from({ length: 15 }, (_, i) =>
      candidate({
        source: `s${i}`,
        title: `Sujet numéro ${i} du jour ${'abcdefghijklmno'[i]}`,
        publishedAt: hoursAgo(i),
      }),
    );
    const top3 = build(many, 3);
    expect(top3.groups.flatMap((g) => g.entries).map((e) => e.title)).toEqual([
      'Sujet numéro 0 du jour a',
      'Sujet numéro 1 du jour b',
      'Sujet numéro 2 du jour c',
    ]);
    expect(top3.total).toBe(15);
    expect(buildDigest(many, { now: NOW, since: null }).groups.flatMap((g) => g.entries)).toHaveLength(10);
    expect(build(many, 0).groups).toEqual([]);
    expect(build([], 10)).toEqual({ groups: [], total: 0 });
  });
});
