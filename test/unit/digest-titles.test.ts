import { describe, expect, it } from 'vitest';
import { foldText } from '../../src/domain/fold-text.ts';
import { similarPairs } from '../../src/domain/similar-pairs.ts';
import {
  STORY_RULE,
  type StoryRule,
  sameStory,
  sameStoryWords,
  titleSimilarity,
  titleWords,
} from '../../src/domain/title-similarity.ts';

describe('folding text', () => {
  it('drops case, accents, ligatures and punctuation', () => {
    expect(foldText("L'État, c'est « moi » !")).toBe('l etat c est moi');
    expect(foldText('ŒUVRE À l’Élysée — Noël')).toBe('oeuvre a l elysee noel');
    expect(foldText('GPT-5 : quoi de neuf ?')).toBe('gpt 5 quoi de neuf');
  });
  it('joins digit groups so "3 000", "3 000" and "3,000" are one word, and leaves decimals alone', () => {
    expect(foldText('3 000 postes')).toBe('3000 postes');
    expect(foldText('3\u202f000 postes')).toBe('3000 postes');
    expect(foldText('3,000 jobs')).toBe('3000 jobs');
    expect(foldText('1 200 000 euros')).toBe('1200000 euros');
    expect(foldText('2,5 % en 2024 2025')).toBe('2 5 en 2024 2025');
  });
});

describe('headline words', () => {
  it('keeps the words that carry the story', () => {
    expect(titleWords("L'Assemblée nationale adopte le budget de la Sécurité sociale")).toEqual([
      'assemblee',
      'nationale',
      'adopte',
      'budget',
      'securite',
      'sociale',
    ]);
    expect(titleWords('OpenAI launches GPT-5 for all users')).toEqual([
      'openai',
      'launches',
      'gpt',
      '5',
      'all',
      'users',
    ]);
  });
  it('drops a publisher suffix, not a part of the headline', () => {
    expect(titleWords('Renault annonce 3 000 suppressions de postes - Le Monde')).toEqual([
      'renault',
      'annonce',
      '3000',
      'suppressions',
      'postes',
    ]);
    expect(titleWords('Inflation : la BCE maintient ses taux | Les Echos')).toEqual([
      'inflation',
      'bce',
      'maintient',
      'taux',
    ]);
    // Too little would be left: the dash is part of the headline.
    expect(titleWords('Interview - Jean Dupont')).toEqual(['jean', 'dupont']);
  });
});

/** The same story as two outlets (or one outlet twice) title it. */
const SAME_STORY: [string, string][] = [
  [
    'Renault annonce 3 000 suppressions de postes en France',
    'Renault annonce 3000 suppressions de postes en France - Le Figaro',
  ],
  [
    'RENAULT ANNONCE 3 000 SUPPRESSIONS DE POSTES EN FRANCE',
    'Renault annonce 3 000 suppressions de postes en France | Les Echos',
  ],
  ['OpenAI lance GPT-5, son nouveau modèle', "OpenAI lance GPT-5 : son nouveau modèle d'IA"],
  [
    "L'Assemblée nationale adopte le budget de la Sécurité sociale",
    'Assemblée nationale : le budget de la Sécurité sociale adopté',
  ],
  [
    'Incendie à Marseille : 200 pompiers mobilisés dans les quartiers nord',
    'DIRECT. Incendie à Marseille : 200 pompiers mobilisés dans les quartiers Nord',
  ],
  ['La BCE maintient ses taux directeurs inchangés', 'La BCE maintient ses taux directeurs inchangés en juillet'],
  ['Apple unveils iPhone 17 at September event', 'Apple unveils the iPhone 17 at its September event'],
  [
    'Fed holds interest rates steady, signals two cuts this year',
    'Fed holds interest rates steady and signals two cuts this year - Reuters',
  ],
  ['Microsoft to cut 9,000 jobs in latest round of layoffs', 'Microsoft to cut 9000 jobs in latest round of layoffs'],
  ['Heatwave: Paris bans older cars as pollution soars', 'Heatwave - Paris bans older cars as pollution soars'],
  // One word swapped in a long headline.
  [
    'Le gouvernement présente son plan pour sauver la filière automobile française',
    'Le gouvernement dévoile son plan pour sauver la filière automobile française',
  ],
];

/** Different stories, often on the same subject: they must stay apart. */
const DIFFERENT_STORIES: [string, string][] = [
  ['Renault annonce 3 000 suppressions de postes en France', 'Renault dément supprimer des postes en France'],
  ['Renault rappelle 300 000 Clio', 'Renault rappelle 300 000 Mégane'],
  ['Apple unveils iPhone 17 at September event', 'Apple unveils iPhone 17 Pro with a new camera'],
  ['La BCE maintient ses taux directeurs', 'La Fed maintient ses taux directeurs'],
  ['Incendie à Marseille : 200 pompiers mobilisés', 'Incendie à Toulon : 150 pompiers mobilisés'],
  ['OpenAI lance GPT-5', 'Google lance Gemini 3'],
  ['Tesla sales fall 13% in Europe in June', 'Tesla sales rise 13% in China in June'],
  ['Grève SNCF : le trafic perturbé jeudi', 'Grève RATP : le trafic perturbé jeudi'],
  ['Le Sénat adopte la loi sur la fin de vie', "L'Assemblée adopte la loi sur la fin de vie"],
  ['Microsoft to cut 9,000 jobs', 'Microsoft to hire 9,000 engineers in India'],
  ['Revue de presse', 'Revue de presse'],
  // One word swapped in a shorter headline: most often another story.
  [
    'Pourquoi Tesla double ses résultats semestriels en Europe',
    'Pourquoi Renault double ses résultats semestriels en Europe',
  ],
  ['Île-de-France : Orange relance un rappel de box', 'Île-de-France : Free relance un rappel de box'],
  ['Renault annonce 3 000 suppressions de postes en France', 'Renault annonce 3 000 suppressions de postes en Espagne'],
  // Alike but for a number each has: the numbers tell them apart.
  [
    'Renault rappelle 300 000 Clio en France pour un défaut de freinage',
    'Renault rappelle 500 000 Clio en France pour un défaut de freinage',
  ],
  ['Apple unveils its AI assistant in Europe: part 1', 'Apple unveils its AI assistant in Europe: part 2'],
];

describe(`near-identical headlines (Jaccard ≥ ${STORY_RULE.threshold}, ≥ ${STORY_RULE.swapThreshold} with a swapped word)`, () => {
  it.each(SAME_STORY)('one story: %s / %s', (a, b) => {
    expect(titleSimilarity(a, b)).toBeGreaterThanOrEqual(STORY_RULE.threshold);
    expect(sameStory(a, b)).toBe(true);
    expect(similarPairs([titleWords(a), titleWords(b)])).toEqual([[0, 1]]);
  });
  it.each(DIFFERENT_STORIES)('two stories: %s / %s', (a, b) => {
    expect(sameStory(a, b)).toBe(false);
    expect(similarPairs([titleWords(a), titleWords(b)])).toEqual([]);
  });
});

describe('similarity join', () => {
  /** Groups of indices joined by `pairs`, transitively, as sorted strings. */
  function components(count: number, pairs: [number, number][]): string[] {
    const parent = Array.from({ length: count }, (_, i) => i);
    const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
    for (const [a, b] of pairs) parent[find(a)] = find(b);
    const groups = new Map<number, number[]>();
    for (let i = 0; i < count; i++) groups.set(find(i), [...(groups.get(find(i)) ?? []), i]);
    return [...groups.values()]
      .filter((g) => g.length > 1)
      .map((g) => g.join(','))
      .sort();
  }

  function bruteForce(sets: string[][], rule: StoryRule): [number, number][] {
    const pairs: [number, number][] = [];
    for (let i = 0; i < sets.length; i++) {
      for (let j = i + 1; j < sets.length; j++) {
        if (sameStoryWords(sets[i]!, sets[j]!, rule)) pairs.push([i, j]);
      }
    }
    return pairs;
  }

  it('joins the same stories as comparing every pair, and reports only true pairs', () => {
    // A small vocabulary and short sets, so that many pairs sit near the threshold.
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const sets = Array.from({ length: 400 }, () => {
      const size = 2 + Math.floor(random() * 7);
      // Words w0…w13, and the numbers 1…3 now and then.
      return [
        ...new Set(
          Array.from({ length: size }, () =>
            random() < 0.1 ? `${1 + Math.floor(random() * 3)}` : `w${Math.floor(random() * 14)}`,
          ),
        ),
      ];
    });
    const rules: StoryRule[] = [
      STORY_RULE,
      { threshold: 0.5, swapThreshold: 0.6, minWords: 3 },
      { threshold: 0.6, swapThreshold: 0.6, minWords: 2 },
      { threshold: 0.9, swapThreshold: 1, minWords: 3 },
      { threshold: 1, swapThreshold: 1, minWords: 3 },
    ];
    for (const rule of rules) {
      const found = similarPairs(sets, rule);
      for (const [a, b] of found) expect(sameStoryWords(sets[a]!, sets[b]!, rule)).toBe(true);
      expect(found.length, JSON.stringify(rule)).toBeGreaterThan(0);
      expect(components(sets.length, found), JSON.stringify(rule)).toEqual(
        components(sets.length, bruteForce(sets, rule)),
      );
    }
  });
});
