import { makeURLSearchParams, REST, type RESTGetAPIApplicationCommandsResult, Routes } from 'discord.js';
import type { CommandDef } from '../../commands/define-command.ts';
import type { DiscordConfig } from '../../src/config.ts';
import { commandsJson } from './command-json.ts';

export interface RegisterResult {
  changed: boolean;
  commands: string[];
}

/**
 * Registers the slash commands globally, but only when what Discord has differs from what Relais
 * declares: Discord caps command creations per day, so an unchanged set is never written.
 */
export async function registerDiscordCommands(
  config: DiscordConfig,
  defs: readonly CommandDef[],
): Promise<RegisterResult> {
  const rest = new REST({ api: config.apiUrl, retries: 2 }).setToken(config.token);
  const wanted = commandsJson(defs);
  // Without with_localizations Discord leaves out the French names and descriptions, and the
  // comparison would see a change on every start.
  const current = (await rest.get(Routes.applicationCommands(config.applicationId), {
    query: makeURLSearchParams({ with_localizations: true }),
  })) as RESTGetAPIApplicationCommandsResult;
  const names = wanted.map((c) => c.name);
  if (sameCommands(current, wanted)) return { changed: false, commands: names };
  await rest.put(Routes.applicationCommands(config.applicationId), { body: wanted });
  return { changed: true, commands: names };
}

/** Compares only what Relais declares; Discord adds ids, versions and defaults of its own. */
function sameCommands(current: readonly { name: string }[], wanted: readonly { name: string }[]): boolean {
  if (current.length !== wanted.length) return false;
  return wanted.every((w) => {
    const c = current.find((x) => x.name === w.name);
    return c !== undefined && covers(c, w);
  });
}

function covers(actual: unknown, expected: unknown): boolean {
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => covers(actual[i], e));
  }
  if (expected && typeof expected === 'object') {
    if (!actual || typeof actual !== 'object') return false;
    return Object.entries(expected).every(([k, v]) => {
      const a = (actual as Record<string, unknown>)[k];
      // Discord omits `required: false` and empty option lists.
      if (v === false && a === undefined) return true;
      if (Array.isArray(v) && v.length === 0 && a === undefined) return true;
      return covers(a, v);
    });
  }
  return actual === expected;
}
