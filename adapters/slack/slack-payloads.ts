import type { RespondArguments } from '@slack/bolt';
import { z } from 'zod';
import type { FormValues } from '../../commands/define-command.ts';

/** What Relais keeps in a modal's private_metadata: where to answer, and the form's own state. */
const metadataSchema = z.object({
  c: z.string().nullable(),
  r: z.string().nullable(),
  s: z.string().optional(),
  /** The message whose button opened the form (channel, ts): its answer may replace it. */
  o: z.object({ channel: z.string(), id: z.string() }).optional(),
});
export type ModalMetadata = z.infer<typeof metadataSchema>;

/** The modal's metadata, or null when it is not Relais' (tampered, or from elsewhere). */
export function readModalMetadata(text: string): ModalMetadata | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = metadataSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

/** Answers on a response_url Slack gave earlier (a modal's, kept in its metadata). */
export async function postToResponseUrl(url: string, message: RespondArguments): Promise<unknown> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(message),
  });
  if (!res.ok) throw new Error(`response_url answered ${res.status}`);
  return res.json().catch(() => ({}));
}

type ViewValue = {
  type: string;
  value?: string | null;
  selected_option?: { value: string } | null;
  selected_options?: { value: string }[];
  selected_conversation?: string | null;
  selected_channel?: string | null;
  selected_users?: string[];
};

/** Slack's view state → the neutral form values (text, or a list for multi-selects). */
export function readViewValues(values: Record<string, Record<string, ViewValue>>): FormValues {
  const out: FormValues = {};
  for (const [blockId, actions] of Object.entries(values ?? {})) {
    for (const v of Object.values(actions)) {
      if (v.selected_options) out[blockId] = v.selected_options.map((o) => o.value);
      else if (v.selected_users) out[blockId] = v.selected_users;
      else if ('selected_option' in v) out[blockId] = v.selected_option?.value ?? null;
      else if ('selected_conversation' in v) out[blockId] = v.selected_conversation ?? null;
      else if ('selected_channel' in v) out[blockId] = v.selected_channel ?? null;
      else out[blockId] = v.value ?? null;
    }
  }
  // A long text's continuation inputs (`text~2`…) join its first input, on a new line each.
  const continued = Object.keys(out)
    .map((key) => ({ key, m: /^(.+)~(\d+)$/.exec(key) }))
    .filter((c) => c.m)
    .sort((a, b) => Number(a.m?.[2]) - Number(b.m?.[2]));
  for (const { key, m } of continued) {
    const base = m?.[1] ?? '';
    const part = out[key];
    delete out[key];
    if (typeof part !== 'string' || !part.trim()) continue;
    const first = out[base];
    out[base] = typeof first === 'string' && first ? `${first}\n${part}` : part;
  }
  return out;
}
