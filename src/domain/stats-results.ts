import { z } from 'zod';

/** What worked, or not, in a published post: the retro's tags. */
const RESULT_TAGS = ['tone', 'topic', 'timing', 'visual', 'other'] as const;

// Control characters, and the bidi overrides that disguise text.
const CONTROL = /\p{Cc}|[\u202A-\u202E\u2066-\u2069]/u;
const count = z.number().int().min(0).max(1_000_000_000).nullable();

/** The author's retro answer for one publication; every count optional (null), whole and not negative. */
export const draftResultSchema = z.object({
  reactions: count,
  comments: count,
  shares: count,
  clicks: count,
  worked: z
    .array(z.enum(RESULT_TAGS))
    .max(RESULT_TAGS.length)
    .transform((tags) => [...new Set(tags)]),
  word: z
    .string()
    .trim()
    .max(200)
    .refine((w) => !CONTROL.test(w))
    .transform((w) => w || null)
    .nullable(),
});

export type DraftResult = z.infer<typeof draftResultSchema>;
