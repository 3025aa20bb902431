/**
 * Digest build time: 50,000 items from 500 sources (French and English headlines, the same
 * story carried by several sources under slightly different titles and tracking-tagged or
 * alert-wrapped links, a third of the sources with keywords), through `buildDigest`. Median of
 * several runs after a warm-up. Run directly (`node --import tsx bench/feeds-digest.ts` or
 * `npm run bench -- feeds-digest`), it prints one flat JSON object on its last line.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDigest, type DigestCandidate } from '../src/domain/digest.ts';

const ITEMS = 50_000;
const SOURCES = 500;
const RUNS = 7;
const NOW = new Date('2025-07-01T07:00:00Z');

/** A small deterministic generator (mulberry32), so every run builds the same corpus. */
function randomFrom(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Names as news carries them: a few big ones often, a long tail of rare ones (Zipf-like). */
const SYLLABLES = [
  'ka',
  'ver',
  'lo',
  'mi',
  'tan',
  'bre',
  'sol',
  'dur',
  'fen',
  'gal',
  'ri',
  'mon',
  'tes',
  'vil',
  'ar',
  'nel',
  'po',
  'zan',
  'quo',
  'lin',
  'ber',
  'sa',
  'to',
  'mar',
];
const FAMOUS = [
  'Renault',
  'Stellantis',
  'Airbus',
  'la SNCF',
  'EDF',
  'TotalEnergies',
  'le gouvernement',
  'Orange',
  'Michelin',
  'Mistral AI',
  'Carrefour',
  'Sanofi',
  'Apple',
  'Microsoft',
  'OpenAI',
  'Tesla',
  'Amazon',
  'Google',
  'Nvidia',
  'Meta',
  'Boeing',
  'Netflix',
  'la BCE',
  'the Fed',
];
const FR_VERBS = [
  'annonce',
  'dément',
  'prépare',
  'suspend',
  'relance',
  'confirme',
  'accélère',
  'abandonne',
  'présente',
  'lance',
  'repousse',
  'réduit',
  'double',
  'vend',
  'rachète',
  'ferme',
  'ouvre',
  'conteste',
  'signe',
  'recrute',
];
const EN_VERBS = [
  'unveils',
  'delays',
  'cuts',
  'expands',
  'scraps',
  'confirms',
  'launches',
  'pauses',
  'doubles',
  'reviews',
  'sells',
  'buys',
  'closes',
  'opens',
  'challenges',
  'signs',
  'hires',
  'sues',
  'backs',
  'drops',
];
const FR_OBJECTS = [
  'un plan social',
  'une nouvelle usine',
  'des hausses de prix',
  "un projet d'intelligence artificielle",
  'une grève reconductible',
  'des investissements',
  'la réforme des retraites',
  'un rappel de véhicules',
  'sa stratégie climat',
  'un rachat',
  'des suppressions de postes',
  'un centre de données',
  'sa filiale',
  'un accord salarial',
  'une offre publique',
  'le budget 2026',
  'une plainte',
  'un partenariat',
  'ses résultats semestriels',
  'un plan de relance',
  'la construction d’un campus',
  'une levée de fonds',
  'une enquête interne',
  'la vente de son siège',
];
const EN_OBJECTS = [
  'its AI assistant',
  'jobs',
  'a new data centre',
  'interest rates',
  'its climate targets',
  'an acquisition',
  'prices for subscribers',
  'a safety recall',
  'its European plans',
  'chip exports',
  'a lawsuit',
  'quarterly results',
  'a funding round',
  'a factory',
  'a pay deal',
  'its headquarters sale',
  'an internal probe',
  'a partnership',
];
const FR_PLACES = [
  'en France',
  'à Lyon',
  'en Bretagne',
  'à Toulouse',
  'en Europe',
  'dans le Nord',
  'à Marseille',
  'en Île-de-France',
  'à Bordeaux',
  'à Nantes',
  'en Alsace',
  'à Lille',
  'en Normandie',
  'à Grenoble',
  'en Occitanie',
  'à Strasbourg',
];
const EN_PLACES = [
  'in Europe',
  'in Texas',
  'in India',
  'in the UK',
  'in China',
  'worldwide',
  'in Ireland',
  'in Japan',
  'in Germany',
  'in Brazil',
  'in Canada',
  'in Ohio',
  'in Poland',
  'in Kenya',
];
const KEYWORDS = [
  ['Renault'],
  ['IA', 'intelligence artificielle'],
  ['Airbus', 'Boeing'],
  ['climat'],
  ['grève', 'SNCF'],
  ['OpenAI', 'AI'],
  ['Tesla'],
  ['BCE', 'Fed'],
  ['usine'],
  ['recall', 'rappel'],
];
const PUBLISHERS = [
  'Le Monde',
  'Le Figaro',
  'Les Echos',
  'Reuters',
  'BFM',
  'The Guardian',
  'Libération',
  'France Info',
];
const FILLER = [
  'Selon nos informations, la décision a été prise cette semaine après plusieurs mois de discussions.',
  'The move follows months of talks with unions and local authorities, people familiar with the matter said.',
  "Les syndicats dénoncent une décision brutale, la direction parle d'une étape nécessaire pour le climat et l'emploi.",
  'Analysts expect the decision to weigh on margins this year, while AI spending keeps rising.',
];

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)]!;
}

function syntheticName(random: () => number): string {
  const n = 2 + Math.floor(random() * 2);
  let name = '';
  for (let i = 0; i < n; i++) name += pick(random, SYLLABLES);
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** Who a headline is about: famous names a third of the time, else one of 5,000 rarer names, the first ones more often. */
function who(random: () => number, names: string[]): string {
  if (random() < 0.33) return pick(random, FAMOUS);
  return names[Math.floor(names.length * random() ** 2)]!;
}

function headline(random: () => number, names: string[]): string {
  const fr = random() < 0.6;
  const subject = who(random, names);
  const verb = pick(random, fr ? FR_VERBS : EN_VERBS);
  const object = pick(random, fr ? FR_OBJECTS : EN_OBJECTS);
  const place = pick(random, fr ? FR_PLACES : EN_PLACES);
  const figure = `${1 + Math.floor(random() * 950)}${random() < 0.5 ? (fr ? ' 000' : ',000') : ''}`;
  let title: string;
  switch (Math.floor(random() * 5)) {
    case 0:
      title = `${subject} ${verb} ${object} ${place}`;
      break;
    case 1:
      title = `${place.replace(/^(en|à|dans le|in the|in) /, '')} : ${subject} ${verb} ${object}`;
      break;
    case 2:
      title = fr
        ? `${subject} ${verb} ${object} : ${figure} emplois concernés ${place}`
        : `${subject} ${verb} ${object}, ${figure} jobs affected ${place}`;
      break;
    case 3:
      title = fr ? `Pourquoi ${subject} ${verb} ${object} ${place}` : `Why ${subject} ${verb} ${object} ${place}`;
      break;
    default:
      title = fr
        ? `${subject} ${verb} ${object} avec ${syntheticName(random)} ${place}`
        : `${subject} ${verb} ${object} with ${syntheticName(random)} ${place}`;
  }
  return title.charAt(0).toUpperCase() + title.slice(1);
}

/** The same headline as another outlet might write it. */
function variant(random: () => number, title: string): string {
  switch (Math.floor(random() * 6)) {
    case 0:
      return `${title} - ${pick(random, PUBLISHERS)}`;
    case 1:
      return `DIRECT. ${title}`;
    case 2:
      return title.toUpperCase();
    case 3:
      return title.replace(/ : /, ', ');
    default:
      return title;
  }
}

export function generateCandidates(count = ITEMS, sources = SOURCES, seed = 7): DigestCandidate[] {
  const random = randomFrom(seed);
  const names = Array.from({ length: 5_000 }, () => syntheticName(random));
  const sourceList = Array.from({ length: sources }, (_, i) => ({
    id: `src-${i}`,
    title: `Source ${i}`,
    keywords: i % 3 === 0 ? pick(random, KEYWORDS) : [],
  }));
  const out: DigestCandidate[] = [];
  let story = 0;
  while (out.length < count) {
    story++;
    const title = headline(random, names);
    const slug = title
      .toLowerCase()
      .normalize('NFD')
      .replace(/[^a-z0-9]+/g, '-')
      .slice(0, 70);
    const url = `https://www.site${story % 300}.example/${2025 - (story % 2)}/${slug}-${story}`;
    const publishedAt = random() < 0.1 ? null : new Date(NOW.getTime() - random() * 36 * 3_600_000);
    // Most stories run once; some are carried by up to 8 sources.
    const copies = random() < 0.7 ? 1 : 2 + Math.floor(random() * 7);
    for (let c = 0; c < copies && out.length < count; c++) {
      const source = pick(random, sourceList);
      const link =
        c === 0
          ? url
          : random() < 0.3
            ? `${url}?utm_source=rss&utm_medium=feed`
            : random() < 0.5
              ? `https://www.google.com/url?rct=j&sa=t&url=${encodeURIComponent(url)}&ct=ga&cd=CAIyHDk&usg=AOvVaw0`
              : `https://www.mirror${c}.example/${slug}`;
      out.push({
        item: {
          id: `${source.id}-${story}-${c}`,
          title: c === 0 ? title : variant(random, title),
          url: link,
          publishedAt,
          summary: `${title}. ${pick(random, FILLER)} ${pick(random, FILLER)}`.slice(0, 300),
          author: null,
        },
        sourceId: source.id,
        sourceTitle: source.title,
        keywords: source.keywords,
        seenAt: new Date(NOW.getTime() - random() * 24 * 3_600_000),
      });
    }
  }
  return out;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export async function benchDigest(): Promise<{ digestBuildMs: number; candidates: number; peakRssMb: number }> {
  const candidates = generateCandidates();
  const since = new Date(NOW.getTime() - 30 * 3_600_000);
  buildDigest(candidates, { now: NOW, since, limit: 10 }); // warm-up
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    buildDigest(candidates, { now: NOW, since, limit: 10 });
    times.push(performance.now() - started);
  }
  return {
    digestBuildMs: Math.round(median(times) * 10) / 10,
    candidates: candidates.length,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 102.4) / 10,
  };
}

const entry = process.argv[1] ? resolve(process.argv[1]) : '';
const runDirectly =
  entry === fileURLToPath(import.meta.url) || (entry.endsWith('bench.js') && process.argv[2] === 'feeds-digest');
if (runDirectly) {
  const digest = buildDigest(generateCandidates(), { now: NOW, since: null, limit: 10 });
  console.error(
    `stories: ${digest.total}; top: ${digest.groups
      .flatMap((g) => g.entries.map((e) => `${e.title} (+${e.otherSources}, ${e.score})`))
      .slice(0, 3)
      .join(' | ')}`,
  );
  console.log(JSON.stringify(await benchDigest()));
}
