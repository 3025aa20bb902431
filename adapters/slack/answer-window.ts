import { ANSWER_DEADLINE_MS, withinDeadline } from '../../src/deadline.ts';
import type { Logger } from '../../src/log.ts';

/**
 * Slack waits 3 s for an acknowledgement. Bolt's receiver answers on its own (404) when Relais has
 * not acknowledged within UNANSWERED_AFTER_MS of the request's arrival, and an acknowledgement
 * after that reaches no one: the person sees a failure and types again. So work starts only while
 * an acknowledgement can still follow in time; past that, the acknowledgement goes first and the
 * work runs only if it went through.
 */
export const UNANSWERED_AFTER_MS = 2500;
/** The latest moment, after arrival, at which Relais still waits for work before acknowledging. */
const WAIT_UNTIL_MS = 2000;

/** Bolt custom property (HTTPReceiver customPropertiesExtractor): when the request arrived. */
export const arrival = () => ({ arrivedAt: Date.now() });

const sinceArrival = (context: Record<string, unknown>) =>
  typeof context.arrivedAt === 'number' ? Date.now() - context.arrivedAt : 0;

/**
 * Starts `work` and acknowledges within the window: with the answer itself when it is ready in
 * time and `inAck` can carry it, otherwise empty. Resolves with the reply left to deliver (null
 * when it rode in the acknowledgement, or when nothing ran because Slack could no longer be answered).
 */
export async function acknowledged<R, B>(opts: {
  context: Record<string, unknown>;
  ack: (body?: B) => Promise<void>;
  work: () => Promise<R>;
  inAck: (reply: R) => B | undefined;
  log: Logger;
  what: Record<string, unknown>;
}): Promise<R | null> {
  const left = Math.min(ANSWER_DEADLINE_MS, WAIT_UNTIL_MS - sinceArrival(opts.context));
  if (left <= 0) {
    try {
      await opts.ack();
    } catch (err) {
      opts.log.warn({ err, ...opts.what }, 'Slack request reached Relais too late to acknowledge: not run');
      return null;
    }
    return opts.work();
  }
  const running = opts.work();
  const quick = await withinDeadline(running, left);
  const body = quick === null ? undefined : opts.inAck(quick);
  await opts.ack(body);
  if (body !== undefined) return null;
  return quick ?? (await running);
}
