import type { RequestListener } from 'node:http';
import {
  App,
  type App as BoltApp,
  ErrorCode,
  HTTPReceiver,
  LogLevel,
  type RespondArguments,
  type ViewResponseAction,
  type ViewSubmitAction,
} from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import type { Dispatcher, Invocation } from '../../commands/dispatch.ts';
import { commands } from '../../commands/index.ts';
import type { SlackConfig } from '../../src/config.ts';
import type { Logger } from '../../src/log.ts';
import type { Message, MessageRef, Reply } from '../../src/message/model.ts';
import type { DeskReader } from '../../src/services/desk.ts';
import { acknowledged, arrival, UNANSWERED_AFTER_MS } from './answer-window.ts';
import { boltLogger } from './bolt-logger.ts';
import { deliverReply, type Where } from './deliver-reply.ts';
import { renderMessage } from './render-block-kit.ts';
import { createSlackHome } from './slack-home.ts';
import { authorizeAtStart, authorizeFor, type Installation, NotInstalledError } from './slack-installation.ts';
import { postToResponseUrl, readModalMetadata, readViewValues } from './slack-payloads.ts';
import { createSlackPeople } from './slack-people.ts';
import { slackToolsFor } from './slack-tools.ts';

export interface SlackAdapter {
  /** HTTP mode: mounted at /slack/* on Relais' own server (503 until ready). */
  httpListener: RequestListener | null;
  /** Authorises once (auth.test, bounded by config.authTimeoutMs), then takes Slack's requests. */
  start(): Promise<void>;
  /** Whether Relais knows who it is on Slack and takes its requests. */
  ready(): boolean;
  stop(): Promise<void>;
  /** deps.deskChanged: republishes these people's App Home (absent without a desk reader). */
  deskChanged?: (workspaceId: string, userIds: string[], groupIds?: string[]) => void;
}

/**
 * Slack through Bolt. Relais asks Slack who it is once, at start, and answers requests only then,
 * and only for its own workspace. Every handler acknowledges within Slack's 3-second window (with
 * the answer when it is ready in time), then answers: a private reply through response_url, a
 * form through views.open.
 */
export function createSlackAdapter({
  config,
  dispatcher,
  log,
  desk,
}: {
  config: SlackConfig;
  dispatcher: Dispatcher;
  log: Logger;
  /** The App Home tab's desks; without it the tab is left as Slack shows it. */
  desk?: DeskReader;
}): SlackAdapter {
  const logger = boltLogger(log);
  let installation: Installation | null = null;
  const receiver =
    config.mode === 'http'
      ? new HTTPReceiver({
          signingSecret: config.signingSecret,
          endpoints: '/slack/events',
          logger,
          unhandledRequestTimeoutMillis: UNANSWERED_AFTER_MS,
          customPropertiesExtractor: arrival,
        })
      : undefined;
  const app = new App({
    authorize: authorizeFor(() => installation, config.botToken, log),
    logger,
    logLevel: LogLevel.INFO,
    clientOptions: { slackApiUrl: config.apiUrl },
    ...(config.mode === 'http' ? { receiver } : { socketMode: true, appToken: config.appToken }),
  });
  const actorFor = createSlackPeople(log);
  const home = desk
    ? createSlackHome({
        app,
        // A desk is only stale until the person opens it again: a few tries, never a long wait.
        client: new WebClient(config.botToken, {
          slackApiUrl: config.apiUrl,
          logger,
          timeout: 10_000,
          retryConfig: { retries: 2 },
        }),
        desk,
        log,
        actorFor,
        teamId: () => installation?.teamId ?? null,
      })
    : null;
  home?.register();

  async function invocation(
    client: BoltApp['client'],
    teamId: string,
    userId: string,
    channelId: string | null,
    deliveryId: string | null,
    teamName?: string,
    source?: MessageRef | null,
  ): Promise<Invocation> {
    return {
      ...(source ? { source } : {}),
      workspace: { platform: 'slack', externalId: teamId, name: teamName ?? null },
      actor: await actorFor(client, teamId, userId),
      channelId,
      platform: slackToolsFor(client, userId),
      // A retried delivery carries the same trigger_id.
      deliveryId: deliveryId ? `slack:${teamId}:${deliveryId}` : null,
    };
  }

  /** The workspace authorize vouched for (always set once a listener runs). */
  const teamOf = (context: { teamId?: string }) => context.teamId ?? installation?.teamId ?? '';

  for (const command of commands) {
    app.command(`/${command.name}`, async ({ ack, command: body, client, respond, context }) => {
      const teamId = teamOf(context);
      const reply = await acknowledged<Reply, RespondArguments>({
        context,
        ack,
        log,
        what: { command: command.name, teamId },
        async work() {
          const inv = await invocation(
            client,
            teamId,
            body.user_id,
            body.channel_id,
            body.trigger_id,
            body.team_domain,
          );
          return dispatcher.command(inv, { command: command.name, text: body.text ?? '' });
        },
        // A plain answer rides in the acknowledgement itself: one round trip, nothing to lose.
        inAck: (quick): RespondArguments | undefined =>
          quick.kind === 'message' && inAck(quick.message)
            ? {
                response_type: quick.message.visibility === 'public' ? 'in_channel' : 'ephemeral',
                ...renderMessage(quick.message),
              }
            : undefined,
      });
      if (!reply) return;
      await deliverReply(reply, {
        client,
        respond: (m) => respond(m),
        responseUrl: body.response_url,
        triggerId: body.trigger_id,
        channelId: body.channel_id,
        userId: body.user_id,
      });
    });
  }

  app.action(/.*/, async ({ ack, body, action, client, respond, context }) => {
    if (body.type !== 'block_actions' || !('action_id' in action)) return ack();
    const teamId = teamOf(context);
    const channelId = body.channel?.id ?? null;
    const source = sourceOf(body);
    // Acknowledging once the work is done (or at the deadline) keeps a burst of clicks from piling up.
    const reply = await acknowledged<Reply, never>({
      context,
      ack: () => ack(),
      log,
      what: { action: action.action_id, teamId },
      async work() {
        const inv = await invocation(client, teamId, body.user.id, channelId, body.trigger_id, undefined, source);
        return dispatcher.action(inv, action.action_id);
      },
      inAck: () => undefined,
    });
    if (!reply) return;
    const responseUrl = 'response_url' in body && typeof body.response_url === 'string' ? body.response_url : null;
    await deliverReply(reply, {
      client,
      respond: responseUrl ? (m) => respond(m) : undefined,
      responseUrl,
      triggerId: body.trigger_id,
      channelId,
      userId: body.user.id,
      source,
    });
  });

  app.view<ViewSubmitAction>(
    { callback_id: /.*/, type: 'view_submission' },
    async ({ ack, body, view, client, context }) => {
      const teamId = teamOf(context);
      const meta = readModalMetadata(view.private_metadata);
      const reply = await acknowledged<Reply, ViewResponseAction>({
        context,
        ack,
        log,
        what: { form: view.callback_id, teamId },
        async work() {
          const inv = await invocation(
            client,
            teamId,
            body.user.id,
            meta?.c ?? null,
            `${view.id}:${view.hash}`,
            undefined,
            meta?.o ?? null,
          );
          return meta
            ? dispatcher.form(inv, view.callback_id, readViewValues(view.state.values), meta.s)
            : dispatcher.form(inv, '', {}, undefined);
        },
        inAck: (quick): ViewResponseAction | undefined =>
          quick.kind === 'form-errors' ? { response_action: 'errors', errors: quick.errors } : undefined,
      });
      if (!reply) return;
      const responseUrl = meta?.r ?? null;
      const where: Where = {
        client,
        respond: responseUrl ? (msg) => postToResponseUrl(responseUrl, msg) : undefined,
        responseUrl,
        channelId: meta?.c ?? null,
        userId: body.user.id,
        source: meta?.o ?? null,
      };
      if (reply.kind !== 'form-errors') return deliverReply(reply, where);
      // Too late to show them beside the fields: say them privately instead.
      const text = Object.values(reply.errors).join('\n');
      await deliverReply(
        { kind: 'message', message: { text, blocks: [{ type: 'section', text }], visibility: 'only-you' } },
        where,
      );
    },
  );

  app.error(async (error) => {
    // A request for another workspace was logged where it was refused.
    if (error.code === ErrorCode.AuthorizationError && error.original instanceof NotInstalledError) return;
    log.error({ err: error }, 'Slack handler failed');
  });

  const listener = receiver?.requestListener;
  return {
    httpListener: listener
      ? (req, res) => {
          if (installation) return listener(req, res);
          log.warn({ url: req.url }, 'Slack request before Relais is ready: answered 503, not run');
          res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '1' });
          res.end('Relais is starting');
        }
      : null,
    async start() {
      try {
        installation = await authorizeAtStart(config, logger);
      } catch (error) {
        log.error({ err: error }, error instanceof Error ? error.message : 'Slack auth.test failed');
        throw error;
      }
      log.info(
        { teamId: installation.teamId, team: installation.teamName, botUserId: installation.botUserId },
        `Slack: ready, as <@${installation.botUserId}> in ${installation.teamName ?? installation.teamId}`,
      );
      // HTTP mode is served by Relais' own server; only Socket Mode opens a connection.
      if (!receiver) await app.start();
    },
    ready: () => installation !== null,
    async stop() {
      await home?.stop();
      if (!receiver && installation) await app.stop();
    },
    ...(home ? { deskChanged: home.changed } : {}),
  };
}

/** What can go back in a slash command's acknowledgement: a message in this channel, not a thread reply or an update. */
function inAck(message: Message): boolean {
  return (
    (message.visibility === 'only-you' || message.visibility === 'public') &&
    !message.replaces &&
    !message.threadOf &&
    !message.attachment
  );
}

/** The message a click came from: its channel and ts, as Slack gives them in the payload. */
function sourceOf(body: {
  container?: unknown;
  channel?: { id?: string };
  message?: { ts?: string };
}): MessageRef | null {
  const container = (body.container ?? {}) as { channel_id?: unknown; message_ts?: unknown };
  const channel = typeof container.channel_id === 'string' ? container.channel_id : body.channel?.id;
  const ts = typeof container.message_ts === 'string' ? container.message_ts : body.message?.ts;
  return channel && ts ? { channel, id: ts } : null;
}
