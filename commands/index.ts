import { ambassadorCommand } from './ambassador.ts';
import type { ActionDef, CommandDef, FormDef } from './define-command.ts';
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

export function findCommand(name: string): CommandDef | undefined {
  return commands.find((c) => c.name === name);
}

export function findAction(action: string): ActionDef | undefined {
  for (const c of commands) if (c.actions?.[action]) return c.actions[action];
  return undefined;
}

export function findForm(id: string): FormDef | undefined {
  for (const c of commands) if (c.forms?.[id]) return c.forms[id];
  return undefined;
}
