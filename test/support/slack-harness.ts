import type { ActionsBlock, AnyBlock, Button, InputBlock } from '@slack/types';
import { type Database, openDatabase } from '../../db/client.ts';
import { loadConfig } from '../../src/config.ts';
import type { Logger } from '../../src/log.ts';
import { type RunningRelais, startRelais } from '../../src/main.ts';
import type { Clock } from '../../src/ports.ts';
import {
  type RecordedMessage,
  type RecordedView,
  type SlackFake,
  type StartSlackFakeOptions,
  startSlackFake,
} from '../fakes/slack-fake.ts';
import {
  blockActionsBody,
  type PostSignedOptions,
  postSigned,
  slashCommandBody,
  type ViewSubmissionOptions,
  viewSubmissionBody,
} from '../fakes/slack-requests.ts';

/**
 * Relais with its real Bolt app on an in-memory database, talking to a fake Slack Web API, and
 * the signed requests Slack would send it.
 */
export async function startSlackHarness(opts: {
  team: string;
  fake: StartSlackFakeOptions;
  env?: Record<string, string>;
  clock?: Clock;
  log?: Logger;
}) {
  const secret = `${opts.team}-signing-secret`;
  const fake: SlackFake = await startSlackFake({ teamId: opts.team, ...opts.fake });
  const database: Database = await openDatabase({ kind: 'pglite-memory' });
  const relais: RunningRelais = await startRelais(
    loadConfig({
      PORT: '0',
      LOG_LEVEL: 'silent',
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: secret,
      SLACK_API_URL: fake.apiUrl,
      ...opts.env,
    }),
    {
      database,
      scheduler: false,
      ...(opts.clock ? { clock: opts.clock } : {}),
      ...(opts.log ? { log: opts.log } : {}),
    },
  );
  const events = `http://127.0.0.1:${relais.port}/slack/events`;
  let seq = 0;
  /** Slash command answers ride in the acknowledgement when quick; others come through response_url. */
  const acks = new Map<string, string>();

  return {
    fake,
    relais,
    database,
    events,
    secret,
    async slash(
      command: string,
      userId: string,
      text: string,
      post: PostSignedOptions & { triggerId?: string; channelId?: string } = {},
    ) {
      const id = `r${++seq}`;
      const body = slashCommandBody({
        command,
        text,
        userId,
        teamId: opts.team,
        channelId: post.channelId ?? 'C0GENERAL',
        responseUrl: fake.responseUrl(id),
        triggerId: post.triggerId ?? `trigger-${seq}`,
      });
      const res = await postSigned(events, secret, body, post);
      acks.set(id, res.body);
      return { id, res };
    },
    /** A click on a button; `messageTs` names the message it is on, as Slack does. */
    async click(userId: string, actionId: string, channelId: string, triggerId = `click-${++seq}`, messageTs?: string) {
      const id = `c${++seq}`;
      const res = await postSigned(
        events,
        secret,
        blockActionsBody({
          actionId,
          value: actionId.split('|')[1],
          userId,
          teamId: opts.team,
          channelId,
          responseUrl: fake.responseUrl(id),
          triggerId,
          ...(messageTs ? { messageTs } : {}),
        }),
      );
      return { id, triggerId, res };
    },
    /** Every answer that rode in an acknowledgement, as Slack received it. */
    acked(): RecordedMessage[] {
      return [...acks.values()].filter(Boolean).map((body): RecordedMessage => JSON.parse(body));
    },
    /** Submits a modal the way Slack does (view_submission), in this workspace. */
    submitView(view: Omit<ViewSubmissionOptions, 'teamId'>) {
      return postSigned(events, secret, viewSubmissionBody({ teamId: opts.team, ...view }));
    },
    /** What the person was answered: from the acknowledgement, or what reached their response_url. */
    async answer(id: string): Promise<RecordedMessage> {
      const acked = acks.get(id);
      if (acked) return JSON.parse(acked);
      return (await fake.waitForResponse((r) => r.id === id)).body;
    },
    /** The modal Relais opened with this trigger_id (waits for the views.open call). */
    async opened(triggerId: string): Promise<RecordedView> {
      const call = await fake.waitForCall((c) => c.method === 'views.open' && c.args.trigger_id === triggerId);
      if (!call.args.view) throw new Error(`views.open for ${triggerId} carried no view`);
      return call.args.view;
    },
    async close() {
      await relais.close();
      await database.close();
      await fake.close();
    },
  };
}

export type SlackHarness = Awaited<ReturnType<typeof startSlackHarness>>;

const isActions = (b: AnyBlock): b is ActionsBlock => b.type === 'actions';
const isInput = (b: AnyBlock): b is InputBlock => b.type === 'input';

/** The buttons of a message, in order. */
export const buttonsIn = (body: { blocks?: AnyBlock[] }): Button[] =>
  (body.blocks ?? [])
    .filter(isActions)
    .flatMap((b) => b.elements)
    .filter((e): e is Button => e.type === 'button');

/** The action ids of a message's buttons, in order. */
export const buttonsOf = (body: { blocks?: AnyBlock[] }): string[] => buttonsIn(body).map((b) => b.action_id ?? '');

/** What a modal's field starts with (`initial_value` of its input), or undefined. */
export function initialValueOf(view: RecordedView, blockId: string): string | undefined {
  const element = view.blocks.filter(isInput).find((b) => b.block_id === blockId)?.element;
  return element && 'initial_value' in element && typeof element.initial_value === 'string'
    ? element.initial_value
    : undefined;
}

/** Everything a person reads in a Slack answer, as one string to assert on. */
export const said = (body: { blocks?: unknown; text?: unknown }) => JSON.stringify(body.blocks ?? body.text);
