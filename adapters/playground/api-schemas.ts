import { z } from 'zod';
import { PERSON_IDS } from './directory.ts';

/** The playground API's inputs. Every request body and query goes through one of these. */

const user = z.enum(PERSON_IDS);
const id = z.string().min(1).max(64);
const thread = id.nullable().optional();

export const stateQuery = z.object({ user, channel: id, thread });

/** `/relais config approvals 2`: a slash, a command name, then whatever follows. */
export const commandBody = z.object({
  user,
  channel: id,
  thread,
  text: z
    .string()
    .trim()
    // Room for the longest post (63,206 for Facebook): the core says in the reader's language what is too long.
    .max(70_000)
    .regex(/^\/[a-z][a-z0-9-]{0,31}(\s[\s\S]*)?$/i, 'a command starts with / and its name, e.g. /relais help'),
});

/** Plain chat text, in a channel or a thread. */
export const messageBody = z.object({ user, channel: id, thread, text: z.string().trim().min(1).max(4000) });

export const actionBody = z.object({ user, messageId: id, actionId: z.string().min(1).max(2100) });

const formValue = z.union([z.string().max(70_000), z.array(z.string().max(1000)).max(100), z.null()]);

export const formBody = z.object({
  user,
  /** The open form's token, as the page received it. */
  token: z.uuid(),
  values: z.record(z.string().min(1).max(64), formValue).refine((v) => Object.keys(v).length <= 25, 'too many fields'),
});
