import { en, type MessageKey } from './en.ts';
import { fr } from './fr.ts';

export type { MessageKey };
export const LOCALES = ['en', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];

const catalogs: Record<Locale, Record<MessageKey, string>> = { en, fr };

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const pluralRules = new Map(LOCALES.map((l) => [l, new Intl.PluralRules(l)]));

/**
 * Fills `{name}` with its value, and `{name|one|other}` with the form of the word that agrees with
 * the number `name` in the language (`{count} {count|source|sources}`; French counts 0 and 1 as one).
 */
export function translate(locale: Locale, key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = catalogs[locale][key];
  return template
    .replace(/\{(\w[\w-]*)\|([^{}|]*)\|([^{}|]*)\}/g, (whole, name: string, one: string, other: string) => {
      if (!(name in params)) return whole;
      const n = Number(params[name]);
      return Number.isFinite(n) && pluralRules.get(locale)?.select(n) === 'one' ? one : other;
    })
    .replace(/\{(\w[\w-]*)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function translator(locale: Locale): Translate {
  return (key, params) => translate(locale, key, params);
}

/** The person's own language where the platform gives one Relais speaks; the workspace's otherwise. */
export function resolveLocale(userLocale: string | null | undefined, workspaceLocale: Locale): Locale {
  const base = userLocale?.toLowerCase().split(/[-_]/)[0];
  return base === 'fr' || base === 'en' ? base : workspaceLocale;
}
