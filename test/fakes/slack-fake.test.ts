/**
 * Proves the Slack fake (slack-fake.ts) and the request builders (slack-requests.ts) against the
 * REAL Bolt 5 App + HTTPReceiver + WebClient.
 */
import type { AddressInfo } from 'node:net';
import {
  App,
  type BlockAction,
  type ButtonAction,
  HTTPReceiver,
  LogLevel,
  type StaticSelectAction,
  webApi,
} from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SlackFake, startSlackFake } from './slack-fake.ts';
import {
  blockActionsBody,
  eventCallbackBody,
  postSigned,
  signSlackRequest,
  slashCommandBody,
  viewSubmissionBody,
} from './slack-requests.ts';

const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
const TEAM = 'T00RELAIS01';
const USER = 'U00ALICE001';
const CHANNEL = 'C00NEWSROOM';

interface Seen {
  kind: string;
  data: Record<string, unknown>;
}

let fake: SlackFake;
let app: App;
let eventsUrl: string;
let stopped = false;
const seen: Seen[] = [];
const baselineResources = process.getActiveResourcesInfo();

function countOf(kind: string): number {
  return seen.filter((s) => s.kind === kind).length;
}

async function waitForSeen(kind: string, timeoutMs = 3000): Promise<Seen> {
  const start = Date.now();
  for (;;) {
    const hit = seen.find((s) => s.kind === kind);
    if (hit) return hit;
    if (Date.now() - start > timeoutMs)
      throw new Error(`handler '${kind}' not reached; seen: ${seen.map((s) => s.kind).join(', ')}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

beforeAll(async () => {
  fake = await startSlackFake({
    teamId: TEAM,
    users: [
      { id: USER, name: 'alice', is_admin: true, locale: 'fr-FR', tz: 'Europe/Paris' },
      { id: 'U00BOB00001', name: 'bob', locale: 'en-GB', tz: 'Europe/London' },
    ],
    usergroups: { S00EDITORS: [USER, 'U00BOB00001'] },
  });

  app = new App({
    receiver: new HTTPReceiver({ signingSecret: SIGNING_SECRET, endpoints: '/slack/events', logLevel: LogLevel.ERROR }),
    token: 'xoxb-test',
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true },
  });

  app.command('/ping', async ({ ack, respond, client, command }) => {
    await ack();
    seen.push({
      kind: 'ping',
      data: { text: command.text, user: command.user_id, channel: command.channel_id, trigger: command.trigger_id },
    });
    await respond({ response_type: 'ephemeral', text: 'pong' });
    await client.chat.postMessage({
      channel: command.channel_id,
      text: 'hello',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `*hello* <@${command.user_id}>` } }],
    });
  });

  app.action<BlockAction<ButtonAction>>('approve', async ({ ack, body, action, respond, context }) => {
    await ack();
    seen.push({
      kind: 'approve',
      data: {
        value: action.value,
        blockId: action.block_id,
        user: body.user.id,
        channel: body.channel?.id,
        messageTs: body.message?.ts,
        container: body.container.type,
        teamId: context.teamId,
      },
    });
    await respond({ replace_original: true, text: 'approved' });
  });

  app.action<BlockAction<StaticSelectAction>>('pick_lang', async ({ ack, body, action }) => {
    await ack();
    seen.push({
      kind: 'pick_lang',
      data: { selected: action.selected_option.value, viewId: body.view?.id, container: body.container },
    });
  });

  app.view('relais_settings', async ({ ack, view, body }) => {
    await ack();
    seen.push({
      kind: 'settings',
      data: { values: view.state.values, meta: view.private_metadata, user: body.user.id, viewId: view.id },
    });
  });

  app.view('relais_invalid', async ({ ack }) => {
    await ack({ response_action: 'errors', errors: { title: 'Title is required' } });
    seen.push({ kind: 'invalid', data: {} });
  });

  app.event('app_mention', async ({ event, context }) => {
    seen.push({
      kind: 'mention',
      data: { text: event.text, retryNum: context.retryNum, retryReason: context.retryReason },
    });
  });

  const server = await app.start(0);
  const { port } = server.address() as AddressInfo;
  eventsUrl = `http://127.0.0.1:${port}/slack/events`;
});

afterAll(async () => {
  if (!stopped) {
    await app?.stop().catch(() => undefined);
    await fake?.close();
  }
});

describe('Slack fake driven by the real Bolt app', () => {
  it('answers auth.test during App construction (token verification)', async () => {
    const call = await fake.waitForCall((c) => c.method === 'auth.test');
    expect(call.token).toBe('xoxb-test');
    const res = await app.client.auth.test();
    expect(res).toMatchObject({ ok: true, team_id: TEAM, user_id: fake.botUserId, bot_id: fake.botId });
  });

  it('delivers a signed slash command: 200 quickly, respond() and chat.postMessage reach the fake', async () => {
    const responseUrl = fake.responseUrl();
    const body = slashCommandBody({
      command: '/ping',
      text: 'hello there & <world>',
      userId: USER,
      teamId: TEAM,
      channelId: CHANNEL,
      channelName: 'newsroom',
      responseUrl,
    });
    const res = await postSigned(eventsUrl, SIGNING_SECRET, body);
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    expect(res.ms).toBeLessThan(1000);

    const ping = await waitForSeen('ping');
    expect(ping.data).toMatchObject({ text: 'hello there & <world>', user: USER, channel: CHANNEL });
    expect(String(ping.data.trigger)).toMatch(/^\d+\.\d+\.[0-9a-f]{32}$/);

    const post = await fake.waitForCall((c) => c.method === 'chat.postMessage');
    expect(post.token).toBe('xoxb-test');
    expect(post.args.channel).toBe(CHANNEL);
    expect(post.args.text).toBe('hello');
    expect(Array.isArray(post.args.blocks)).toBe(true);
    expect(post.args.blocks?.[0]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: `*hello* <@${USER}>` } });

    const id = new URL(responseUrl).pathname.slice('/response/'.length);
    const r = await fake.waitForResponse((x) => x.id === id);
    expect(r.body).toEqual({ response_type: 'ephemeral', text: 'pong' });

    // the posted message is stored with a realistic ts
    const stored = fake.messages.get(CHANNEL)?.[0];
    expect(stored?.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(stored?.user).toBe(fake.botUserId);
  });

  it('rejects a bad signature and a 6-minute-old timestamp with 401 before any handler runs', async () => {
    const before = countOf('ping');
    const callsBefore = fake.calls.length;
    const body = slashCommandBody({
      command: '/ping',
      userId: USER,
      teamId: TEAM,
      channelId: CHANNEL,
      responseUrl: fake.responseUrl(),
    });

    const bad = await postSigned(eventsUrl, SIGNING_SECRET, body, { badSignature: true });
    expect(bad.status).toBe(401);

    const stale = await postSigned(eventsUrl, SIGNING_SECRET, body, {
      timestampSec: Math.floor(Date.now() / 1000) - 6 * 60,
    });
    expect(stale.status).toBe(401);

    // a body changed after signing is rejected as well
    const headers = signSlackRequest(SIGNING_SECRET, body);
    const tampered = await fetch(eventsUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: body.replace('%2Fping', '%2Fpong'),
    });
    await tampered.text();
    expect(tampered.status).toBe(401);

    await new Promise((r) => setTimeout(r, 50));
    expect(countOf('ping')).toBe(before);
    expect(fake.calls.length).toBe(callsBefore);
  });

  it('Bolt only rejects timestamps that are too OLD: one 6 minutes in the future is accepted', async () => {
    const before = countOf('ping');
    const body = slashCommandBody({
      command: '/ping',
      userId: USER,
      teamId: TEAM,
      channelId: CHANNEL,
      responseUrl: fake.responseUrl(),
    });
    const t0 = Date.now();
    const res = await postSigned(eventsUrl, SIGNING_SECRET, body, {
      timestampSec: Math.floor(Date.now() / 1000) + 6 * 60,
    });
    expect(res.status).toBe(200);
    await fake.waitForCall((c) => c.method === 'chat.postMessage' && c.at >= t0);
    expect(countOf('ping')).toBe(before + 1);
  });

  it('routes a block_actions button click to app.action with its ids and value; respond() hits the fake', async () => {
    const responseUrl = fake.responseUrl('actions/approve-1');
    const res = await postSigned(
      eventsUrl,
      SIGNING_SECRET,
      blockActionsBody({
        actionId: 'approve',
        value: 'draft-42',
        blockId: 'draft_actions',
        userId: USER,
        teamId: TEAM,
        channelId: CHANNEL,
        messageTs: '1732000000.000100',
        responseUrl,
      }),
    );
    expect(res.status).toBe(200);
    const hit = await waitForSeen('approve');
    expect(hit.data).toEqual({
      value: 'draft-42',
      blockId: 'draft_actions',
      user: USER,
      channel: CHANNEL,
      messageTs: '1732000000.000100',
      container: 'message',
      teamId: TEAM,
    });
    const r = await fake.waitForResponse((x) => x.id === 'actions/approve-1');
    expect(r.body).toEqual({ replace_original: true, text: 'approved' });
  });

  it('routes a static_select inside a modal (container: view) to app.action', async () => {
    const res = await postSigned(
      eventsUrl,
      SIGNING_SECRET,
      blockActionsBody({
        actionId: 'pick_lang',
        selectedOption: 'fr',
        userId: USER,
        teamId: TEAM,
        responseUrl: fake.responseUrl(),
        view: { id: 'V00SETTINGS', type: 'modal', callback_id: 'relais_settings', state: { values: {} } },
      }),
    );
    expect(res.status).toBe(200);
    const hit = await waitForSeen('pick_lang');
    expect(hit.data).toEqual({
      selected: 'fr',
      viewId: 'V00SETTINGS',
      container: { type: 'view', view_id: 'V00SETTINGS' },
    });
  });

  it('routes a view_submission to app.view with callback_id, values and private_metadata', async () => {
    const values = {
      title: { title: { type: 'plain_text_input', value: 'Weekly digest' } },
      lang: { lang: { type: 'static_select', selected_option: { value: 'fr' } } },
      channel: { channel: { type: 'conversations_select', selected_conversation: 'C00DIGEST01' } },
      editors: { editors: { type: 'multi_users_select', selected_users: [USER, 'U00BOB00001'] } },
    };
    const res = await postSigned(
      eventsUrl,
      SIGNING_SECRET,
      viewSubmissionBody({
        callbackId: 'relais_settings',
        privateMetadata: JSON.stringify({ draftId: 42 }),
        values,
        userId: USER,
        teamId: TEAM,
        viewId: 'V00SETTINGS',
      }),
    );
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    const hit = await waitForSeen('settings');
    expect(hit.data.user).toBe(USER);
    expect(hit.data.viewId).toBe('V00SETTINGS');
    expect(JSON.parse(String(hit.data.meta))).toEqual({ draftId: 42 });
    const v = (...path: string[]) =>
      path.reduce<unknown>(
        (x, k) => (typeof x === 'object' && x !== null ? Reflect.get(x, k) : undefined),
        hit.data.values,
      );
    expect(v('title', 'title', 'value')).toBe('Weekly digest');
    expect(v('lang', 'lang', 'selected_option')).toEqual({
      text: { type: 'plain_text', text: 'fr', emoji: true },
      value: 'fr',
    });
    expect(v('channel', 'channel', 'selected_conversation')).toBe('C00DIGEST01');
    expect(v('editors', 'editors', 'selected_users')).toEqual([USER, 'U00BOB00001']);
  });

  it('returns ack({response_action:"errors"}) to Slack as the HTTP response body', async () => {
    const res = await postSigned(
      eventsUrl,
      SIGNING_SECRET,
      viewSubmissionBody({
        callbackId: 'relais_invalid',
        values: { title: { title: { type: 'plain_text_input', value: null } } },
        userId: USER,
        teamId: TEAM,
      }),
    );
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ response_action: 'errors', errors: { title: 'Title is required' } });
    await waitForSeen('invalid');
  });

  it('delivers a JSON Events API callback and exposes retry headers as context.retryNum/retryReason', async () => {
    const res = await postSigned(
      eventsUrl,
      SIGNING_SECRET,
      eventCallbackBody({
        teamId: TEAM,
        botUserId: fake.botUserId,
        event: {
          type: 'app_mention',
          user: USER,
          text: `<@${fake.botUserId}> status`,
          channel: CHANNEL,
          ts: '1732000100.000200',
        },
      }),
      { retryNum: 1 },
    );
    expect(res.status).toBe(200);
    const hit = await waitForSeen('mention');
    expect(hit.data).toEqual({ text: `<@${fake.botUserId}> status`, retryNum: 1, retryReason: 'http_timeout' });
  });
});

describe('Slack fake: Web API answers and failure injection (real WebClient)', () => {
  it('failNext 429 + Retry-After makes the WebClient throw slack_webapi_rate_limited_error (one-shot)', async () => {
    const rateLimited: number[] = [];
    const onRateLimited = (sec: number): void => {
      rateLimited.push(sec);
    };
    app.client.on(webApi.WebClientEvent.RATE_LIMITED, onRateLimited);
    try {
      fake.failNext('chat.postMessage', {
        status: 429,
        headers: { 'Retry-After': '0' },
        body: { ok: false, error: 'ratelimited' },
      });
      const n = fake.callsTo('chat.postMessage').length;
      await expect(app.client.chat.postMessage({ channel: CHANNEL, text: 'x' })).rejects.toMatchObject({
        code: webApi.ErrorCode.RateLimitedError,
        retryAfter: 0,
      });
      expect(rateLimited).toEqual([0]);
      expect(fake.callsTo('chat.postMessage').length).toBe(n + 1); // recorded although it failed
      const ok = await app.client.chat.postMessage({ channel: CHANNEL, text: 'y' });
      expect(ok.ok).toBe(true);
    } finally {
      app.client.off(webApi.WebClientEvent.RATE_LIMITED, onRateLimited);
    }
  });

  it('failNext with an {ok:false} body surfaces as a platform error; unknown methods are recorded', async () => {
    fake.failNext('conversations.open', { body: { ok: false, error: 'cannot_dm_bot' } });
    await expect(app.client.conversations.open({ users: USER })).rejects.toMatchObject({
      code: webApi.ErrorCode.PlatformError,
      data: { ok: false, error: 'cannot_dm_bot' },
    });
    await expect(app.client.apiCall('relais.doesNotExist', { a: 1 })).rejects.toMatchObject({
      data: { ok: false, error: 'unknown_method' },
    });
    expect(fake.callsTo('relais.doesNotExist')[0]?.args).toMatchObject({ a: '1' });
  });

  it('answers the methods Relais uses realistically', async () => {
    const c = app.client;
    const p1 = await c.chat.postMessage({ channel: CHANNEL, text: 'parent' });
    const p2 = await c.chat.postMessage({
      channel: CHANNEL,
      text: 'reply',
      thread_ts: p1.ts!,
      metadata: { event_type: 'relais_draft', event_payload: { id: 1 } },
    });
    expect(Number(p2.ts)).toBeGreaterThan(Number(p1.ts));
    expect(p1.message).toMatchObject({ text: 'parent', user: fake.botUserId, bot_id: fake.botId });
    expect(fake.callsTo('chat.postMessage').at(-1)?.args.metadata).toEqual({
      event_type: 'relais_draft',
      event_payload: { id: 1 },
    });

    const replies = await c.conversations.replies({ channel: CHANNEL, ts: p1.ts! });
    expect(replies.messages?.map((m) => m.text)).toEqual(['parent', 'reply']);

    const upd = await c.chat.update({ channel: CHANNEL, ts: p1.ts!, text: 'edited', blocks: [{ type: 'divider' }] });
    expect(upd).toMatchObject({ ok: true, channel: CHANNEL, ts: p1.ts, text: 'edited' });
    expect(fake.callsTo('chat.update')[0]?.args.blocks).toEqual([{ type: 'divider' }]);

    const eph = await c.chat.postEphemeral({ channel: CHANNEL, user: USER, text: 'only you' });
    expect(eph.message_ts).toMatch(/^\d{10}\.\d{6}$/);

    const del = await c.chat.delete({ channel: CHANNEL, ts: p2.ts! });
    expect(del).toMatchObject({ ok: true, channel: CHANNEL, ts: p2.ts });

    const open = await c.views.open({
      trigger_id: '123.456.abc',
      view: {
        type: 'modal',
        callback_id: 'relais_settings',
        title: { type: 'plain_text', text: 'Settings' },
        blocks: [],
      },
    });
    expect(open.view?.id).toMatch(/^V[A-Z0-9]+$/);
    expect(open.view?.hash).toBeTruthy();
    expect(fake.callsTo('views.open')[0]?.args.view).toMatchObject({ type: 'modal', callback_id: 'relais_settings' });
    const upd2 = await c.views.update({
      view_id: open.view!.id!,
      hash: open.view!.hash!,
      view: { type: 'modal', title: { type: 'plain_text', text: 'Settings 2' }, blocks: [] },
    });
    expect(upd2.view?.id).toBe(open.view?.id);
    await expect(
      c.views.update({
        view_id: open.view!.id!,
        hash: open.view!.hash!,
        view: { type: 'modal', title: { type: 'plain_text', text: 'x' }, blocks: [] },
      }),
    ).rejects.toMatchObject({ data: { error: 'hash_conflict' } });
    const pushed = await c.views.push({
      trigger_id: '1.2.3',
      view: { type: 'modal', title: { type: 'plain_text', text: 'Push' }, blocks: [] },
    });
    expect(pushed.view?.id).toMatch(/^V/);
    const home = await c.views.publish({ user_id: USER, view: { type: 'home', blocks: [] } });
    expect(home.view?.type).toBe('home');

    const dm = await c.conversations.open({ users: USER });
    expect(dm.channel?.id).toMatch(/^D[A-Z0-9]+$/);
    const dmAgain = await c.conversations.open({ users: USER });
    expect(dmAgain.channel?.id).toBe(dm.channel?.id);
    const dmInfo = await c.conversations.info({ channel: dm.channel!.id! });
    expect(dmInfo.channel).toMatchObject({ id: dm.channel?.id, is_im: true, user: USER });
    const info = await c.conversations.info({ channel: CHANNEL });
    expect(info.channel).toMatchObject({ id: CHANNEL, is_channel: true, is_member: true });

    const alice = await c.users.info({ user: USER, include_locale: true });
    expect(alice.user).toMatchObject({ id: USER, name: 'alice', is_admin: true, locale: 'fr-FR', tz: 'Europe/Paris' });
    const noLocale = await c.users.info({ user: USER });
    expect(noLocale.user?.locale).toBeUndefined();
    await expect(c.users.info({ user: 'U00NOBODY00' })).rejects.toMatchObject({ data: { error: 'user_not_found' } });
    const list = await c.users.list({});
    expect(list.members?.map((m) => m.id)).toEqual([USER, 'U00BOB00001']);
    const group = await c.usergroups.users.list({ usergroup: 'S00EDITORS' });
    expect(group.users).toEqual([USER, 'U00BOB00001']);
    const team = await c.team.info();
    expect(team.team).toMatchObject({ id: TEAM });
  });

  it('parses application/json bodies and records the bearer token', async () => {
    const res = await fetch(`${fake.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', authorization: 'Bearer xoxb-json' },
      body: JSON.stringify({ channel: CHANNEL, text: 'json', blocks: [{ type: 'divider' }] }),
    });
    expect(await res.json()).toMatchObject({ ok: true, channel: CHANNEL });
    const call = await fake.waitForCall((c) => c.token === 'xoxb-json');
    expect(call.args.blocks).toEqual([{ type: 'divider' }]);

    const unauth = await fetch(`${fake.apiUrl}auth.test`, { method: 'POST' });
    expect(await unauth.json()).toEqual({ ok: false, error: 'not_authed' });
  });

  it('setHandler overrides a method permanently; addMessage seeds threads for conversations.replies', async () => {
    fake.setHandler('team.info', () => ({ ok: true, team: { id: TEAM, name: 'Overridden' } }));
    expect((await app.client.team.info()).team?.name).toBe('Overridden');
    fake.setHandler('team.info', () => ({ status: 500, body: 'boom' }));
    await expect(app.client.team.info()).rejects.toMatchObject({ code: webApi.ErrorCode.HTTPError, statusCode: 500 });
    fake.setHandler('team.info', undefined);
    expect((await app.client.team.info()).team?.name).toBe('Relais Test');

    const parent = fake.addMessage('C00SEEDED01', { user: USER, text: 'user question' });
    await app.client.chat.postMessage({ channel: 'C00SEEDED01', thread_ts: parent.ts, text: 'bot answer' });
    const replies = await app.client.conversations.replies({ channel: 'C00SEEDED01', ts: parent.ts });
    expect(replies.messages?.map((m) => [m.user, m.text])).toEqual([
      [USER, 'user question'],
      [fake.botUserId, 'bot answer'],
    ]);
    await expect(app.client.conversations.replies({ channel: 'C00SEEDED01', ts: '1.000001' })).rejects.toMatchObject({
      data: { error: 'thread_not_found' },
    });
  });

  it('waitForCall rejects on timeout listing the recorded methods', async () => {
    await expect(fake.waitForCall((c) => c.method === 'never.called', 50)).rejects.toThrow(/auth\.test/);
  });
});

describe('shutdown', () => {
  it('stops the app and the fake without leaving handles behind', async () => {
    await app.stop();
    await fake.close();
    stopped = true;
    await expect(fetch(fake.apiUrl + 'auth.test', { method: 'POST' })).rejects.toThrow();
    await expect(fetch(eventsUrl, { method: 'POST' })).rejects.toThrow();
    // sockets closed by the servers go away within a few ticks
    const extra = (): string[] => {
      const now = process.getActiveResourcesInfo();
      const left = [...baselineResources];
      return now.filter((r) => {
        const i = left.indexOf(r);
        if (i >= 0) {
          left.splice(i, 1);
          return false;
        }
        return r !== 'Timeout' && r !== 'TTYWrap';
      });
    };
    const start = Date.now();
    while (extra().length > 0 && Date.now() - start < 2000) await new Promise((r) => setTimeout(r, 20));
    expect(extra()).toEqual([]);
  });
});
