/** Web API routes of the Slack fake that post or change something: chat.*, reactions.*, views.*. */
import { viewObject } from './slack-fake-objects.ts';
import { isRecord, type SlackArgs, str } from './slack-fake-parse.ts';
import { type ApiAnswer, type FakeState, randomId, type SlackFakeMessage } from './slack-fake-state.ts';

function postMessage(state: FakeState, method: string, a: SlackArgs): ApiAnswer {
  if (!a.channel) return { ok: false, error: 'channel_not_found' };
  if (method !== 'chat.meMessage' && a.text === undefined && a.blocks === undefined && a.attachments === undefined) {
    return { ok: false, error: 'no_text' };
  }
  if (method === 'chat.postEphemeral' && !a.user) return { ok: false, error: 'user_not_found' };
  const channel = state.resolveChannel(a.channel);
  const ts = state.nextTs();
  const message: SlackFakeMessage = {
    user: state.botUserId,
    type: 'message',
    ts,
    bot_id: state.botId,
    app_id: state.appId,
    text: a.text ?? '',
    team: state.teamId,
    ...(a.blocks !== undefined ? { blocks: a.blocks } : {}),
    ...(a.attachments !== undefined ? { attachments: a.attachments } : {}),
    ...(a.metadata !== undefined ? { metadata: a.metadata } : {}),
    ...(a.thread_ts ? { thread_ts: a.thread_ts, parent_user_id: state.findMessage(channel, a.thread_ts)?.user } : {}),
    bot_profile: {
      id: state.botId,
      app_id: state.appId,
      name: 'Relais',
      deleted: false,
      team_id: state.teamId,
    },
  };
  if (method === 'chat.postEphemeral') return { ok: true, message_ts: ts };
  if (method === 'chat.scheduleMessage') {
    return {
      ok: true,
      channel,
      scheduled_message_id: randomId('Q', 10),
      post_at: Number(a.post_at ?? 0),
      message,
    };
  }
  state.storeMessage(channel, message);
  if (message.thread_ts) {
    const parent = state.findMessage(channel, message.thread_ts);
    if (parent) {
      parent.thread_ts = parent.ts;
      parent.reply_count = Number(parent.reply_count ?? 0) + 1;
      parent.latest_reply = ts;
    }
  }
  return { ok: true, channel, ts, message };
}

function update(state: FakeState, a: SlackArgs): ApiAnswer {
  if (!a.channel) return { ok: false, error: 'channel_not_found' };
  if (!a.ts) return { ok: false, error: 'message_not_found' };
  const existing = state.findMessage(a.channel, a.ts);
  const patch: Record<string, unknown> = {};
  for (const k of ['text', 'blocks', 'attachments', 'metadata'] as const) if (a[k] !== undefined) patch[k] = a[k];
  const message: SlackFakeMessage = existing
    ? Object.assign(existing, patch, { edited: { user: state.botUserId, ts: state.nextTs() } })
    : { type: 'message', user: state.botUserId, bot_id: state.botId, ts: a.ts, text: '', ...patch };
  return { ok: true, channel: a.channel, ts: a.ts, text: message.text ?? '', message };
}

function remove(state: FakeState, a: SlackArgs): ApiAnswer {
  if (!a.channel) return { ok: false, error: 'channel_not_found' };
  if (!a.ts) return { ok: false, error: 'message_not_found' };
  const list = state.messages.get(a.channel);
  const idx = list ? list.findIndex((m) => m.ts === a.ts) : -1;
  if (list && idx >= 0) list.splice(idx, 1);
  return { ok: true, channel: a.channel, ts: a.ts };
}

function views(state: FakeState, method: string, a: SlackArgs): ApiAnswer {
  if (!a.view || !isRecord(a.view)) return { ok: false, error: 'invalid_arguments' };
  if (method === 'views.open' || method === 'views.push') {
    if (!a.trigger_id && !a.interactivity_pointer) return { ok: false, error: 'invalid_arguments' };
    const id = randomId('V', 10);
    const view = viewObject(state, a.view, id);
    state.views.set(id, view);
    return { ok: true, view };
  }
  if (method === 'views.update') {
    const externalId = str(a.external_id);
    let id = str(a.view_id);
    if (!id && externalId) id = str([...state.views.values()].find((v) => v.external_id === externalId)?.id);
    if (!id) return externalId ? { ok: false, error: 'not_found' } : { ok: false, error: 'invalid_arguments' };
    const previous = state.views.get(id);
    if (previous && a.hash && previous.hash !== a.hash) return { ok: false, error: 'hash_conflict' };
    const view = viewObject(state, a.view, id, previous);
    state.views.set(id, view);
    return { ok: true, view };
  }
  // views.publish
  const userId = str(a.user_id);
  if (!userId) return { ok: false, error: 'invalid_arguments' };
  const key = `home:${userId}`;
  const previous = state.views.get(key);
  if (previous && a.hash && previous.hash !== a.hash) return { ok: false, error: 'hash_conflict' };
  const view = viewObject(state, { type: 'home', ...a.view }, str(previous?.id) ?? randomId('V', 10), previous);
  state.views.set(key, view);
  return { ok: true, view };
}

/** The answer to one of these methods, or undefined when the method is not one of them. */
export function chatRoute(state: FakeState, method: string, a: SlackArgs): ApiAnswer | undefined {
  switch (method) {
    case 'chat.postMessage':
    case 'chat.postEphemeral':
    case 'chat.scheduleMessage':
    case 'chat.meMessage':
      return postMessage(state, method, a);
    case 'chat.update':
      return update(state, a);
    case 'chat.delete':
      return remove(state, a);
    case 'chat.getPermalink': {
      if (!a.channel) return { ok: false, error: 'channel_not_found' };
      const messageTs = str(a.message_ts);
      if (!messageTs) return { ok: false, error: 'message_not_found' };
      return {
        ok: true,
        channel: a.channel,
        permalink: `https://${state.teamDomain}.slack.com/archives/${a.channel}/p${messageTs.replace('.', '')}`,
      };
    }
    case 'reactions.add':
    case 'reactions.remove':
      return !a.name || !a.timestamp ? { ok: false, error: 'invalid_arguments' } : { ok: true };
    case 'views.open':
    case 'views.push':
    case 'views.update':
    case 'views.publish':
      return views(state, method, a);
    default:
      return undefined;
  }
}
