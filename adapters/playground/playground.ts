import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import type { FormValues } from '../../commands/define-command.ts';
import type { Dispatcher, Invocation } from '../../commands/dispatch.ts';
import type { Logger } from '../../src/log.ts';
import { encodeActionId } from '../../src/message/action-id.ts';
import { message, section } from '../../src/message/build.ts';
import type { MessageRef } from '../../src/message/model.ts';
import { actionBody, commandBody, formBody, messageBody, stateQuery } from './api-schemas.ts';
import { deliverReply, type Outcome } from './deliver-reply.ts';
import { actorOf, canSeeChannel, PLAYGROUND_WORKSPACE, personById } from './directory.ts';
import { HttpProblem, parseWith, readJson, sendJson, sendProblem } from './http-json.ts';
import { refusalFor } from './local-only.ts';
import { playgroundToolsFor } from './playground-tools.ts';
import { stateView } from './state-view.ts';
import type { PlaygroundWorkspace } from './workspace.ts';

/**
 * The playground's HTTP side: the page and its assets, and a small JSON API that plays the chat
 * platform — it turns what someone types or clicks into an Invocation for the dispatcher and puts
 * the reply into the workspace (kept in the database).
 *
 *   GET  /api/state?user=alice&channel=C-general[&thread=M-3]
 *   POST /api/command  {user, channel, thread?, text: '/relais config approvals 2'}
 *   POST /api/message  {user, channel, thread?, text}
 *   POST /api/action   {user, messageId, actionId}
 *   POST /api/form     {user, token, values}
 */

export interface Playground {
  /** True when the request was the playground's (answered), false to let others route it. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  workspace: PlaygroundWorkspace;
}

const PUBLIC = new URL('./public/', import.meta.url);
const ASSETS: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/index.html': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/playground.js': { file: 'playground.js', type: 'text/javascript; charset=utf-8' },
  '/playground-forms.js': { file: 'playground-forms.js', type: 'text/javascript; charset=utf-8' },
  '/playground.css': { file: 'playground.css', type: 'text/css; charset=utf-8' },
  '/favicon.svg': { file: 'favicon.svg', type: 'image/svg+xml' },
};
/** No CDN, no inline script: the page works offline and rendered text can never run. */
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

type Route = (req: IncomingMessage, url: URL) => Promise<unknown>;

export function createPlayground({
  dispatcher,
  log,
  workspace,
}: {
  dispatcher: Dispatcher;
  log: Logger;
  workspace: PlaygroundWorkspace;
}): Playground {
  const ws = workspace;
  const files = new Map(Object.values(ASSETS).map((a) => [a.file, readFileSync(new URL(a.file, PUBLIC))]));

  function invocation(userId: string, channelId: string, source?: MessageRef | null): Invocation {
    const person = personById(userId);
    if (!person) throw new HttpProblem(404, 'unknown-user', `no person ${userId} in the playground`);
    return {
      workspace: PLAYGROUND_WORKSPACE,
      actor: actorOf(person),
      channelId,
      platform: playgroundToolsFor(userId),
      ...(source ? { source } : {}),
    };
  }

  /** The channel (and thread root) someone acts in must be theirs to see. */
  function place(
    userId: string,
    channel: string,
    thread: string | null | undefined,
  ): { channel: string; threadOf: string | null } {
    if (!canSeeChannel(userId, channel))
      throw new HttpProblem(404, 'unknown-channel', `no channel ${channel} for ${userId}`);
    if (!thread) return { channel, threadOf: null };
    const root = ws.find(thread);
    if (!root || root.channel !== channel || root.threadOf !== null || !ws.canSee(root, userId))
      throw new HttpProblem(404, 'unknown-thread', `no thread ${thread} in ${channel}`);
    return { channel, threadOf: root.id };
  }

  const routes: Record<string, Route> = {
    async 'GET /api/state'(_req, url) {
      const q = parseWith(stateQuery, Object.fromEntries(url.searchParams));
      place(q.user, q.channel, null);
      return stateView(ws, { userId: q.user, channel: q.channel, thread: q.thread ?? null });
    },

    async 'POST /api/command'(req) {
      const body = await bodyOf(req, commandBody);
      const where = place(body.user, body.channel, body.thread);
      const [, name = '', rest = ''] = /^\/(\S+)\s*([\s\S]*)$/.exec(body.text) ?? [];
      const reply = await dispatcher.command(invocation(body.user, where.channel), {
        command: name.toLowerCase(),
        text: rest,
      });
      return {
        outcome: await deliverReply(
          ws,
          reply,
          { userId: body.user, ...where, trigger: { userId: body.user, text: body.text } },
          log,
        ),
      };
    },

    async 'POST /api/message'(req) {
      const body = await bodyOf(req, messageBody);
      const where = place(body.user, body.channel, body.thread);
      const posted = await ws.post({
        channel: where.channel,
        author: body.user,
        message: message([section(body.text)]),
        visibleTo: null,
        threadOf: where.threadOf,
      });
      const outcome: Outcome = {
        kind: 'message',
        messageId: posted.id,
        channel: posted.channel,
        threadOf: posted.threadOf,
      };
      return { outcome };
    },

    async 'POST /api/action'(req) {
      const body = await bodyOf(req, actionBody);
      const clicked = ws.find(body.messageId);
      if (!clicked || !ws.canSee(clicked, body.user))
        throw new HttpProblem(404, 'unknown-message', `no message ${body.messageId}`);
      // Like a real platform, only a button the message shows can be clicked.
      const buttons = clicked.message.blocks.flatMap((b) => (b.type === 'actions' ? b.buttons : []));
      if (!buttons.some((b) => encodeActionId(b.action, b.value) === body.actionId))
        throw new HttpProblem(400, 'unknown-action', 'this message has no such button');
      const source = { channel: clicked.channel, id: clicked.id };
      const reply = await dispatcher.action(invocation(body.user, clicked.channel, source), body.actionId);
      return {
        outcome: await deliverReply(
          ws,
          reply,
          { userId: body.user, channel: clicked.channel, threadOf: clicked.threadOf, source },
          log,
        ),
      };
    },

    async 'POST /api/form'(req) {
      const body = await bodyOf(req, formBody);
      const pending = ws.takeForm(body.token, body.user);
      if (!pending) throw new HttpProblem(404, 'form-not-open', 'this form is no longer open; open it again');
      const values: FormValues = {};
      for (const field of pending.form.fields)
        if (Object.hasOwn(body.values, field.id)) values[field.id] = body.values[field.id] ?? null;
      const reply = await dispatcher.form(
        invocation(body.user, pending.channel, pending.source),
        pending.form.id,
        values,
        pending.form.state,
      );
      // Problems keep the dialog open with what the person typed; anything else closes it.
      if (reply.kind === 'form-errors') ws.returnForm(pending);
      return {
        outcome: await deliverReply(
          ws,
          reply,
          { userId: body.user, channel: pending.channel, threadOf: pending.threadOf },
          log,
        ),
      };
    },
  };

  return {
    workspace: ws,
    async handle(req, res) {
      const url = new URL(req.url ?? '/', 'http://playground.invalid');
      const asset = ASSETS[url.pathname];
      const isApi = url.pathname.startsWith('/api/');
      if (!asset && !isApi) return false;
      const refusal = refusalFor(req);
      if (refusal) {
        log.warn(
          { code: refusal.code, peer: req.socket.remoteAddress, host: req.headers.host, path: url.pathname },
          'playground request refused: not from this computer',
        );
        if (isApi) sendProblem(res, new HttpProblem(403, refusal.code, refusal.message));
        else {
          res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
          res.end(`${refusal.message}\n`);
        }
        return true;
      }
      if (asset) {
        if (req.method !== 'GET' && req.method !== 'HEAD') {
          sendProblem(res, new HttpProblem(405, 'method-not-allowed', 'use GET'));
          return true;
        }
        res.writeHead(200, {
          'content-type': asset.type,
          'cache-control': 'no-cache',
          'x-content-type-options': 'nosniff',
          'referrer-policy': 'no-referrer',
          ...(asset.type.startsWith('text/html') ? { 'content-security-policy': CSP } : {}),
        });
        res.end(req.method === 'HEAD' ? undefined : files.get(asset.file));
        return true;
      }
      try {
        checkOrigin(req);
        const route = routes[`${req.method} ${url.pathname}`];
        if (!route) throw new HttpProblem(404, 'not-found', `no ${req.method} ${url.pathname} in the playground API`);
        sendJson(res, 200, await route(req, url));
      } catch (err) {
        if (err instanceof HttpProblem) sendProblem(res, err);
        else {
          log.error({ err, path: url.pathname }, 'playground request failed');
          sendProblem(res, new HttpProblem(500, 'internal', 'something went wrong; the server log says what'));
        }
      }
      return true;
    },
  };
}

async function bodyOf<T>(req: IncomingMessage, schema: z.ZodType<T>): Promise<T> {
  return parseWith(schema, await readJson(req));
}

/** Another site open in the same browser may not drive the playground. */
function checkOrigin(req: IncomingMessage): void {
  const origin = req.headers.origin;
  if (req.method === 'GET' || !origin) return;
  let host: string | null = null;
  try {
    host = new URL(origin).host;
  } catch {
    host = null;
  }
  if (host !== req.headers.host) throw new HttpProblem(403, 'cross-origin', 'requests from other sites are refused');
}
