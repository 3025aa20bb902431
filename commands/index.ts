import { ambassadorCommand } from './ambassador.ts';
import type { ClickDef, CommandDef, FormDef } from './define-command.ts';
import { draftCommand } from './draft.ts';
import { relaisCommand } from './relais.ts';
import { statsCommand } from './stats.ts';
import { veilleCommand } from './veille.ts';

/** The explicit list of commands; each adapter registers exactly these. */
export const commands: readonly CommandDef[] = [
  draftCommand,
  veilleCommand,
  ambassadorCommand,
  relaisCommand,
  statsCommand,
];

/** Indexes handlers by id, refusing at start-up an id declared twice (the first would win silently). */
export function uniqueIds<T>(what: string, entries: [id: string, def: T][]): Map<string, T> {
  const byId = new Map<string, T>();
  for (const [id, def] of entries) {
    if (byId.has(id)) throw new Error(`${what} id ${id} is declared twice`);
    byId.set(id, def);
  }
  return byId;
}

const clicks = uniqueIds<ClickDef>(
  'button',
  commands.flatMap((c) => (c.actions ?? []).map((a): [string, ClickDef] => [a.id, a])),
);
const forms = uniqueIds<FormDef>(
  'form',
  commands.flatMap((c) => Object.entries(c.forms ?? {})),
);

export function findCommand(name: string): CommandDef | undefined {
  return commands.find((c) => c.name === name);
}

export function findAction(action: string): ClickDef | undefined {
  return clicks.get(action);
}

export function findForm(id: string): FormDef | undefined {
  return forms.get(id);
}
