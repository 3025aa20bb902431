import type { RequestListener } from 'node:http';
import { App, type App as BoltApp, HTTPReceiver, LogLevel, type RespondArguments } from '@slack/bolt';
import { z } from 'zod';
import type { FormValues } from '../../commands/define-command.ts';
import type { Dispatcher, Invocation } from '../../commands/dispatch.ts';
import { commands } from '../../commands/index.ts';
import type { SlackConfig } from '../../src/config.ts';
import { ANSWER_DEADLINE_MS, withinDeadline } from '../../src/deadline.ts';
import type { Logger } from '../../src/log.ts';
import type { Message, Reply } from '../../src/message/model.ts';
import { boltLogger } from './bolt-logger.ts';
import { renderMessage, renderModal } from './render-block-kit.ts';
import { createSlackPeople } from './slack-people.ts';
import { slackToolsFor } from './slack-tools.ts';

export interface SlackAdapter {
  /** HTTP mode: mounted at /slack/* on Relais' own server. */
  httpListener: RequestListener | null;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** What Relais keeps in a modal's private_metadata: where to answer, and the form's own state. */
const metadataSchema = z.object({ c: z.string().nullable(), r: z.string().nullable(), s: z.string().optional() });
type Metadata = z.infer<typeof metadataSchema>;

type Respond = (message: RespondArguments) => Promise<unknown>;

interface Where {
  client: BoltApp['client'];
  respond?: Respond;
  responseUrl: string | null;
  triggerId?: string;
  channelId: string | null;
  userId: string;
}

/**
 * Slack through Bolt. Every handler acks first (Slack's 3-second window), then asks the core,
 * then answers: a private reply through response_url, a form through views.open.
 */
export function createSlackAdapter({
  config,
  dispatcher,
  log,
}: {
  config: SlackConfig;
  dispatcher: Dispatcher;
  log: Logger;
}): SlackAdapter {
  const logger = boltLogger(log);
  const clientOptions = { slackApiUrl: config.apiUrl };
  const receiver =
    config.mode === 'http'
      ? new HTTPReceiver({
          signingSecret: config.signingSecret,
          endpoints: '/slack/events',
          logger,
          unhandledRequestTimeoutMillis: 2500,
        })
      : undefined;
  const app = new App({
    token: config.botToken,
    logger,
    logLevel: LogLevel.INFO,
    clientOptions,
    ...(config.mode === 'http' ? { receiver } : { socketMode: true, appToken: config.appToken }),
  });
  const actorFor = createSlackPeople(log);

  async function invocation(
    client: BoltApp['client'],
    teamId: string,
    userId: string,
    channelId: string | null,
    deliveryId: string | null,
    teamName?: string,
  ): Promise<Invocation> {
    return {
      workspace: { platform: 'slack', externalId: teamId, name: teamName ?? null },
      actor: await actorFor(client, teamId, userId),
      channelId,
      platform: slackToolsFor(client, userId),
      // A retried delivery carries the same trigger_id.
      deliveryId: deliveryId ? `slack:${teamId}:${deliveryId}` : null,
    };
  }

  async function deliver(reply: Reply, where: Where): Promise<void> {
    if (reply.kind === 'none') return;
    if (reply.kind === 'form-errors') throw new Error('form errors outside a form submission');
    if (reply.kind === 'form') {
      if (!where.triggerId) throw new Error('a form needs a trigger_id');
      const metadata: Metadata = {
        c: where.channelId,
        r: where.responseUrl,
        ...(reply.form.state ? { s: reply.form.state } : {}),
      };
      await where.client.views.open({
        trigger_id: where.triggerId,
        view: renderModal(reply.form, JSON.stringify(metadata)),
      });
      return;
    }
    const message = reply.message;
    const payload = renderMessage(message);
    if (message.replaces) {
      await where.client.chat.update({
        channel: message.replaces.channel,
        ts: message.replaces.id,
        ...payload,
      });
    } else if (message.visibility === 'only-you') {
      if (where.respond) await where.respond({ response_type: 'ephemeral', replace_original: false, ...payload });
      else if (where.channelId)
        await where.client.chat.postEphemeral({ channel: where.channelId, user: where.userId, ...payload });
      else await where.client.chat.postMessage({ channel: where.userId, ...payload });
    } else if (message.visibility === 'direct') {
      await where.client.chat.postMessage({ channel: where.userId, ...payload });
    } else {
      const channel = message.threadOf?.channel ?? where.channelId ?? where.userId;
      await where.client.chat.postMessage({
        channel,
        ...(message.threadOf ? { thread_ts: message.threadOf.id } : {}),
        ...payload,
      });
    }
  }

  for (const command of commands) {
    app.command(`/${command.name}`, async ({ ack, command: body, client, respond }) => {
      const work = (async () => {
        const inv = await invocation(
          client,
          body.team_id,
          body.user_id,
          body.channel_id,
          body.trigger_id,
          body.team_domain,
        );
        return dispatcher.command(inv, { command: command.name, text: body.text ?? '' });
      })();
      const quick = await withinDeadline(work, ANSWER_DEADLINE_MS);
      // A plain answer rides in the acknowledgement itself: one round trip, nothing to lose.
      if (quick?.kind === 'message' && inAck(quick.message)) {
        await ack({
          response_type: quick.message.visibility === 'public' ? 'in_channel' : 'ephemeral',
          ...renderMessage(quick.message),
        });
        return;
      }
      await ack();
      const reply = quick ?? (await work);
      await deliver(reply, {
        client,
        respond: (m) => respond(m),
        responseUrl: body.response_url,
        triggerId: body.trigger_id,
        channelId: body.channel_id,
        userId: body.user_id,
      });
    });
  }

  app.action(/.*/, async ({ ack, body, action, client, respond }) => {
    if (body.type !== 'block_actions' || !('action_id' in action)) return ack();
    const teamId = body.team?.id ?? body.user.team_id ?? '';
    const channelId = body.channel?.id ?? null;
    const work = (async () => {
      const inv = await invocation(client, teamId, body.user.id, channelId, body.trigger_id);
      return dispatcher.action(inv, action.action_id);
    })();
    // Acknowledging once the work is done (or at the deadline) keeps a burst of clicks from piling up.
    await withinDeadline(work, ANSWER_DEADLINE_MS);
    await ack();
    const reply = await work;
    const responseUrl = 'response_url' in body && typeof body.response_url === 'string' ? body.response_url : null;
    await deliver(reply, {
      client,
      respond: responseUrl ? (m) => respond(m) : undefined,
      responseUrl,
      triggerId: body.trigger_id,
      channelId,
      userId: body.user.id,
    });
  });

  app.view(/.*/, async ({ ack, body, view, client }) => {
    const parsedMeta = metadataSchema.safeParse(safeJson(view.private_metadata));
    const meta: Metadata = parsedMeta.success ? parsedMeta.data : { c: null, r: null };
    const work = (async () => {
      const inv = await invocation(
        client,
        body.team?.id ?? body.user.team_id ?? '',
        body.user.id,
        meta.c,
        `${view.id}:${view.hash}`,
      );
      return parsedMeta.success
        ? dispatcher.form(inv, view.callback_id, readViewValues(view.state.values), meta.s)
        : dispatcher.form(inv, '', {}, undefined);
    })();
    const quick = await withinDeadline(work, ANSWER_DEADLINE_MS);
    if (quick?.kind === 'form-errors') {
      await ack({ response_action: 'errors', errors: quick.errors });
      return;
    }
    await ack();
    const reply = quick ?? (await work);
    const responseUrl = meta.r;
    const respond: Respond | undefined = responseUrl ? (msg) => postToResponseUrl(responseUrl, msg) : undefined;
    if (reply.kind === 'form-errors') {
      // Too late to show them beside the fields: say them privately instead.
      await deliver(
        {
          kind: 'message',
          message: {
            text: Object.values(reply.errors).join('\n'),
            blocks: [{ type: 'section', text: Object.values(reply.errors).join('\n') }],
            visibility: 'only-you',
          },
        },
        { client, respond, responseUrl: meta.r, channelId: meta.c, userId: body.user.id },
      );
      return;
    }
    await deliver(reply, { client, respond, responseUrl: meta.r, channelId: meta.c, userId: body.user.id });
  });

  app.error(async (error) => {
    log.error({ err: error }, 'Slack handler failed');
  });

  return {
    httpListener: receiver ? receiver.requestListener : null,
    async start() {
      // HTTP mode is served by Relais' own server; only Socket Mode opens a connection.
      if (!receiver) await app.start();
    },
    async stop() {
      if (!receiver) await app.stop();
    },
  };
}

/** What can go back in a slash command's acknowledgement: a message in this channel, not a thread reply or an update. */
function inAck(message: Message): boolean {
  return (
    (message.visibility === 'only-you' || message.visibility === 'public') && !message.replaces && !message.threadOf
  );
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

async function postToResponseUrl(url: string, message: RespondArguments): Promise<unknown> {
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
  return out;
}
