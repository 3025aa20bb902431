import { randomUUID } from 'node:crypto';
import { Invalid } from '../errors.ts';
import type { Form } from '../message/model.ts';
import type { Deps } from './deps.ts';

/** How long what was typed in a form with problems stays ready to reopen. */
const KEEP_MS = 24 * 60 * 60 * 1000;

/** Keeps a form filled with what was typed; the id goes in a "Fix it" button. */
export async function keepForm(deps: Deps, k: { workspaceId: string; userId: string; form: Form }): Promise<string> {
  const id = randomUUID();
  const at = deps.clock.now();
  await deps.store.keptForms.keep({ id, ...k, at, expiresAt: new Date(at.getTime() + KEEP_MS) });
  return id;
}

/** The kept form, for the person who typed it only. */
export async function keptForm(deps: Deps, k: { workspaceId: string; userId: string; id: string }): Promise<Form> {
  const found = /^[0-9a-f-]{36}$/.test(k.id) ? await deps.store.keptForms.find(k.id, deps.clock.now()) : null;
  if (!found || found.workspaceId !== k.workspaceId || found.userId !== k.userId) throw new Invalid('form.expired');
  return found.form;
}

/** Where a kept form belongs: a button clicked in a Discord DM names no server. */
export async function workspaceOfKeptForm(deps: Deps, id: string): Promise<string | null> {
  if (!/^[0-9a-f-]{36}$/.test(id)) return null;
  return (await deps.store.keptForms.find(id, deps.clock.now()))?.workspaceId ?? null;
}
