import type { Locale } from './catalog.ts';

/**
 * Command options are declared under their English name, which is what the code reads and what
 * Discord sends back whatever the reader's language. A French reader sees and may type these
 * names instead: Discord shows them (`name_localizations`), Slack text accepts them, help prints them.
 * Valid Discord names (lowercase letters, digits, `-`, `_`; at most 32), distinct within a subcommand.
 */
const FRENCH: Readonly<Record<string, string>> = {
  text: 'texte',
  ref: 'réf',
  url: 'adresse',
  keywords: 'mots-clés',
  id: 'numéro',
  time: 'heure',
  stories: 'articles',
  day: 'jour',
  networks: 'réseaux',
  hours: 'heures',
  person: 'personne',
  command: 'commande',
  campaign: 'campagne',
  month: 'mois',
  'review-channel': 'canal-relecture',
  approvals: 'approbations',
  'review-delay': 'délai-relecture',
  language: 'langue',
  timezone: 'fuseau-horaire',
  'mastodon-limit': 'limite-mastodon',
  'prompts-per-week': 'invitations-par-semaine',
  'prompt-max-age': 'âge-max-post',
  'forbidden-terms': 'termes-interdits',
  'required-hashtags': 'hashtags-obligatoires',
  'required-mentions': 'mentions-obligatoires',
  'max-hashtags': 'hashtags-max',
  'forbidden-terms-level': 'règle-termes-interdits',
  'required-level': 'règle-obligatoires',
  'max-hashtags-level': 'règle-hashtags-max',
  reviewers: 'relecteurs',
  'reviewer-group': 'groupe-relecteurs',
  admins: 'administrateurs',
  'report-channel': 'canal-rapport',
  'report-day': 'jour-rapport',
  'report-time': 'heure-rapport',
  'retro-delay': 'délai-bilan',
};

/** The French name of a declared option; undefined when it has none (a test forbids that). */
export function frenchOptionName(name: string): string | undefined {
  return Object.hasOwn(FRENCH, name) ? FRENCH[name] : undefined;
}

/** The option's name as a reader of `locale` sees it. */
export function optionName(locale: Locale, name: string): string {
  return locale === 'fr' ? (frenchOptionName(name) ?? name) : name;
}

/** Accents are optional when typing (`delai-relecture`), as on a keyboard without them. */
const plain = (word: string) =>
  word
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .toLowerCase();

/** The declared (English) name of what was typed: an English or French option name, or null. */
export function declaredOption(typed: string, declared: readonly string[]): string | null {
  const word = typed.toLowerCase();
  if (declared.includes(word)) return word;
  const bare = plain(word);
  return declared.find((name) => plain(frenchOptionName(name) ?? name) === bare) ?? null;
}
