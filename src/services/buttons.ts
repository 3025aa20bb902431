import { z } from 'zod';
import { buttonKind } from '../message/button-kind.ts';

/** Every button Relais puts on a message, with the value it carries: the one list of these wire formats. */

const draftRevision = z
  .string()
  .regex(/^[0-9a-f-]{36}:\d{1,6}$/)
  .transform((v) => {
    const [draftId, revision] = v.split(':') as [string, string];
    return { draftId, revision: Number(revision) };
  });
const encodeDraftRevision = (v: { draftId: string; revision: number }) => `${v.draftId}:${v.revision}`;
const positiveId = z
  .string()
  .regex(/^[1-9]\d{0,15}$/)
  .transform(Number);

export const draftButtons = {
  approve: buttonKind('draft:approve', draftRevision, encodeDraftRevision),
  changes: buttonKind('draft:changes', draftRevision, encodeDraftRevision),
  reject: buttonKind('draft:reject', draftRevision, encodeDraftRevision),
  edit: buttonKind('draft:edit', draftRevision, encodeDraftRevision),
  publish: buttonKind('draft:publish', draftRevision, encodeDraftRevision),
};

export const promptButtons = {
  shared: buttonKind('prompt:shared', positiveId, String),
  skip: buttonKind('prompt:skip', positiveId, String),
  stop: buttonKind('prompt:stop', positiveId, String),
};

/** An invitation arrives in a direct message, where Discord names no server: the button names the workspace. */
export const joinButton = buttonKind('ambassador:join', z.uuid(), String);

/** `/draft foo`: the lone word, confirmed before it becomes a draft. */
export const loneWordButton = buttonKind('draft:word', z.string().trim().min(1).max(60), String);

export const storyButton = buttonKind('veille:draft', positiveId, String);

export const CONFIG_SECTIONS = ['review', 'workspace', 'charter', 'charter-levels'] as const;
export const configEditButton = buttonKind('config:edit', z.enum(CONFIG_SECTIONS), String);

/** "Record the results" in the author's retro message (a direct message: the draft names the workspace). */
export const retroButton = buttonKind('retro:open', z.uuid(), String);
