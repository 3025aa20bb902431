/** Web API routes of the Slack fake that read who and where: auth, conversations, users, user groups, team. */
import { botUser, channelObject, paginate, userObject } from './slack-fake-objects.ts';
import { isTruthy, type SlackArgs, str } from './slack-fake-parse.ts';
import type { ApiAnswer, FakeState } from './slack-fake-state.ts';

function conversationsOpen(state: FakeState, a: SlackArgs): ApiAnswer {
  if (a.channel) {
    const c = channelObject(state, a.channel);
    return c
      ? { ok: true, channel: isTruthy(a.return_im) ? c : { id: c.id } }
      : { ok: false, error: 'channel_not_found' };
  }
  const ids = (a.users ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (ids.length === 0) return { ok: false, error: 'users_list_not_supplied' };
  if (ids.length > 8) return { ok: false, error: 'too_many_users' };
  if (ids.includes(state.botUserId) && ids.length === 1) return { ok: false, error: 'cannot_dm_bot' };
  for (const id of ids) {
    const u = state.users.get(id);
    // Unseeded but well-formed ids are accepted, so tests need not seed every payload's user.
    if (!u && !/^[UW][A-Z0-9]+$/.test(id)) return { ok: false, error: 'user_not_found' };
    if (u?.deleted) return { ok: false, error: 'user_disabled' };
  }
  const id = state.dmFor(ids);
  return {
    ok: true,
    ...(isTruthy(a.return_im) ? {} : { no_op: false, already_open: false }),
    channel: isTruthy(a.return_im) ? channelObject(state, id) : { id },
  };
}

function conversations(state: FakeState, method: string, a: SlackArgs): ApiAnswer {
  const channel = a.channel ? channelObject(state, a.channel) : undefined;
  switch (method) {
    case 'conversations.info':
      return channel ? { ok: true, channel } : { ok: false, error: 'channel_not_found' };
    case 'conversations.members': {
      if (!a.channel || !channel) return { ok: false, error: 'channel_not_found' };
      const { page, next_cursor } = paginate(state.channels.get(a.channel)?.members ?? [...state.users.keys()], a);
      return { ok: true, members: page, response_metadata: { next_cursor } };
    }
    case 'conversations.replies': {
      if (!a.channel || !channel) return { ok: false, error: 'channel_not_found' };
      const ts = a.ts;
      if (!ts) return { ok: false, error: 'thread_not_found' };
      const thread = (state.messages.get(a.channel) ?? [])
        .filter((m) => m.ts === ts || m.thread_ts === ts)
        .sort((x, y) => Number(x.ts) - Number(y.ts));
      if (thread.length === 0) return { ok: false, error: 'thread_not_found' };
      const { page, next_cursor } = paginate(thread, a);
      return { ok: true, messages: page, has_more: next_cursor !== '', response_metadata: { next_cursor } };
    }
    default: {
      // conversations.history: the channel's top-level messages, newest first
      if (!a.channel || !channel) return { ok: false, error: 'channel_not_found' };
      const list = (state.messages.get(a.channel) ?? [])
        .filter((m) => !m.thread_ts || m.thread_ts === m.ts)
        .sort((x, y) => Number(y.ts) - Number(x.ts));
      const { page, next_cursor } = paginate(list, a);
      return {
        ok: true,
        messages: page,
        has_more: next_cursor !== '',
        pin_count: 0,
        response_metadata: { next_cursor },
      };
    }
  }
}

function people(state: FakeState, method: string, a: SlackArgs): ApiAnswer {
  const withLocale = isTruthy(a.include_locale);
  switch (method) {
    case 'users.info': {
      const id = a.user ?? '';
      const u = state.users.get(id) ?? (id === state.botUserId ? botUser(state) : undefined);
      return u ? { ok: true, user: userObject(state, u, withLocale) } : { ok: false, error: 'user_not_found' };
    }
    case 'users.list': {
      const { page, next_cursor } = paginate([...state.users.values()], a);
      return {
        ok: true,
        members: page.map((u) => userObject(state, u, withLocale)),
        cache_ts: Math.floor(Date.now() / 1000),
        response_metadata: { next_cursor },
      };
    }
    case 'users.lookupByEmail': {
      const email = str(a.email);
      const u = [...state.users.values()].find((x) => x.email && x.email === email);
      return u ? { ok: true, user: userObject(state, u, false) } : { ok: false, error: 'users_not_found' };
    }
    case 'usergroups.users.list': {
      const g = a.usergroup ? state.usergroups.get(a.usergroup) : undefined;
      return g ? { ok: true, users: [...g] } : { ok: false, error: 'no_such_subteam' };
    }
    default:
      // usergroups.list
      return {
        ok: true,
        usergroups: [...state.usergroups.entries()].map(([id, members]) => ({
          id,
          team_id: state.teamId,
          is_usergroup: true,
          name: id.toLowerCase(),
          handle: id.toLowerCase(),
          user_count: members.length,
          ...(isTruthy(a.include_users) ? { users: [...members] } : {}),
        })),
      };
  }
}

/** The answer to one of these methods, or undefined when the method is not one of them. */
export function directoryRoute(state: FakeState, method: string, a: SlackArgs): ApiAnswer | undefined {
  switch (method) {
    case 'api.test':
      return { ok: true, args: a };
    case 'auth.test':
      return {
        ok: true,
        url: `https://${state.teamDomain}.slack.com/`,
        team: state.teamName,
        user: 'relais',
        team_id: state.teamId,
        user_id: state.botUserId,
        bot_id: state.botId,
        is_enterprise_install: false,
      };
    case 'conversations.open':
      return conversationsOpen(state, a);
    case 'conversations.join':
      return { ok: true, channel: channelObject(state, String(a.channel)) ?? { id: a.channel } };
    case 'conversations.mark':
      return { ok: true };
    case 'conversations.info':
    case 'conversations.members':
    case 'conversations.replies':
    case 'conversations.history':
      return conversations(state, method, a);
    case 'users.info':
    case 'users.list':
    case 'users.lookupByEmail':
    case 'usergroups.users.list':
    case 'usergroups.list':
      return people(state, method, a);
    case 'team.info':
      return {
        ok: true,
        team: {
          id: state.teamId,
          name: state.teamName,
          url: `https://${state.teamDomain}.slack.com/`,
          domain: state.teamDomain,
          email_domain: '',
          icon: { image_default: true, image_34: 'https://a.slack-edge.com/80588/img/avatars-teams/ava_0001-34.png' },
          avatar_base_url: 'https://ca.slack-edge.com/',
          is_verified: false,
        },
      };
    default:
      return undefined;
  }
}
