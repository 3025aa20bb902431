/** The objects the Slack fake answers with, shaped like Slack's own (users, conversations, views, pages). */
import { isRecord } from './slack-fake-parse.ts';
import {
  type FakeState,
  randomId,
  type SlackFakeChannel,
  type SlackFakeUser,
  TS_BASE_SEC,
} from './slack-fake-state.ts';

export type SlackObject = Record<string, unknown>;

export function userObject(state: FakeState, u: SlackFakeUser, includeLocale: boolean): SlackObject {
  const name = u.name ?? u.id.toLowerCase();
  const realName = u.real_name ?? name;
  const tz = u.tz ?? 'Europe/Paris';
  return {
    id: u.id,
    team_id: state.teamId,
    name,
    deleted: u.deleted ?? false,
    color: '9f69e7',
    real_name: realName,
    tz,
    tz_label: tz === 'Europe/Paris' ? 'Central European Time' : tz,
    tz_offset: tz === 'Europe/Paris' ? 3600 : 0,
    profile: {
      real_name: realName,
      real_name_normalized: realName,
      display_name: name,
      display_name_normalized: name,
      ...(u.email ? { email: u.email } : {}),
      team: state.teamId,
    },
    is_admin: u.is_admin ?? false,
    is_owner: u.is_owner ?? false,
    is_primary_owner: false,
    is_restricted: false,
    is_ultra_restricted: false,
    is_bot: u.is_bot ?? false,
    is_app_user: false,
    updated: TS_BASE_SEC,
    ...(includeLocale ? { locale: u.locale ?? 'en-US' } : {}),
  };
}

export const botUser = (state: FakeState): SlackFakeUser => ({
  id: state.botUserId,
  name: 'relais',
  real_name: 'Relais',
  is_bot: true,
});

/** A conversation: seeded ones as given, well-formed unknown ids synthesised from their prefix. */
export function channelObject(state: FakeState, id: string): SlackObject | undefined {
  const seeded = state.channels.get(id);
  if (!seeded && !/^[CGD][A-Z0-9]+$/.test(id)) return undefined;
  const c: SlackFakeChannel = seeded ?? { id };
  const created = TS_BASE_SEC - 86400;
  if (id.startsWith('D')) {
    return {
      id,
      created,
      is_im: true,
      is_org_shared: false,
      user: c.user ?? 'U00UNKNOWN',
      is_user_deleted: false,
      priority: 0,
    };
  }
  const name = c.name ?? id.toLowerCase();
  const isPrivate = c.is_private ?? id.startsWith('G');
  return {
    id,
    name,
    name_normalized: name,
    is_channel: !isPrivate,
    is_group: false,
    is_im: false,
    is_mpim: false,
    is_private: isPrivate,
    created,
    is_archived: c.is_archived ?? false,
    is_general: name === 'general',
    is_shared: false,
    is_org_shared: false,
    is_ext_shared: false,
    is_member: c.is_member ?? true,
    creator: 'U00CREATOR',
    context_team_id: state.teamId,
    topic: { value: c.topic ?? '', creator: '', last_set: 0 },
    purpose: { value: c.purpose ?? '', creator: '', last_set: 0 },
    ...(c.members ? { num_members: c.members.length } : {}),
  };
}

export function viewObject(
  state: FakeState,
  input: unknown,
  id: string,
  previous?: Record<string, unknown>,
): SlackObject {
  const v = isRecord(input) ? input : {};
  const hash = `${Math.floor(Date.now() / 1000)}.${randomId('', 8)}`;
  return {
    id,
    team_id: state.teamId,
    type: v.type ?? previous?.type ?? 'modal',
    blocks: v.blocks ?? [],
    private_metadata: v.private_metadata ?? '',
    callback_id: v.callback_id ?? '',
    state: { values: {} },
    hash,
    title: v.title ?? null,
    clear_on_close: v.clear_on_close ?? false,
    notify_on_close: v.notify_on_close ?? false,
    close: v.close ?? null,
    submit: v.submit ?? null,
    previous_view_id: null,
    root_view_id: previous?.root_view_id ?? id,
    app_id: state.appId,
    external_id: v.external_id ?? '',
    app_installed_team_id: state.teamId,
    bot_id: state.botId,
  };
}

/** Cursor pagination the way Slack does it (`limit`, opaque `cursor`, `next_cursor` '' at the end). */
export function paginate<T>(items: T[], args: Record<string, unknown>): { page: T[]; next_cursor: string } {
  const limit = Number(args.limit ?? 0);
  const start = args.cursor
    ? Number(
        Buffer.from(String(args.cursor), 'base64')
          .toString('utf8')
          .replace(/^offset:/, ''),
      ) || 0
    : 0;
  if (!limit || limit <= 0) return { page: items.slice(start), next_cursor: '' };
  const page = items.slice(start, start + limit);
  const next = start + limit < items.length ? Buffer.from(`offset:${start + limit}`).toString('base64') : '';
  return { page, next_cursor: next };
}
