/**
 * Build and sign requests the way Slack sends them to a Bolt HTTP endpoint.
 *
 * Shapes follow the recorded payloads in /work/shared/fixtures/payloads (slash-commands-slack.json,
 * actions-reactions-slack.json, modals-slack*.json, slack.json).
 *
 * Note: Bolt's HTTPReceiver compares the content type with `=== 'application/x-www-form-urlencoded'`
 * (no `; charset=…`), otherwise it JSON-parses the body. `postSigned` therefore sends bodies as raw
 * strings with an explicit content type — do not pass URLSearchParams to fetch yourself.
 */
import { createHmac, randomBytes } from 'node:crypto';

const DEFAULT_APP_ID = 'A00RELAISAPP';
const DEFAULT_VERIFICATION_TOKEN = 'fakeVerificationToken0000';

function hex(n: number): string {
  return randomBytes(n).toString('hex');
}

function digits(n: number): string {
  let s = '';
  for (const byte of randomBytes(n)) s += String(byte % 10);
  return s[0] === '0' ? `1${s.slice(1)}` : s;
}

/** A trigger id shaped like Slack's: '10520020890661.10229338706656.2e2188a0…'. */
function fakeTriggerId(): string {
  return `${digits(14)}.${digits(14)}.${hex(16)}`;
}

/** A block id shaped like Slack's auto-generated ones ('P0z+f'). */
function fakeBlockId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=';
  let s = '';
  for (const byte of randomBytes(5)) s += alphabet[byte % alphabet.length];
  return s;
}

function nowTs(): string {
  const ms = Date.now();
  return `${Math.floor(ms / 1000)}.${String((ms % 1000) * 1000).padStart(6, '0')}`;
}

function userNameFor(userId: string): string {
  return `user_${userId.toLowerCase()}`;
}

function plain(text: string): { type: 'plain_text'; text: string; emoji: true } {
  return { type: 'plain_text', text, emoji: true };
}

/** Slack's v0 signature of `v0:<timestamp>:<raw body>`. */
export function signSlackRequest(
  signingSecret: string,
  rawBody: string,
  timestampSec: number = Math.floor(Date.now() / 1000),
): { 'x-slack-request-timestamp': string; 'x-slack-signature': string } {
  const ts = String(timestampSec);
  const sig = createHmac('sha256', signingSecret).update(`v0:${ts}:${rawBody}`).digest('hex');
  return { 'x-slack-request-timestamp': ts, 'x-slack-signature': `v0=${sig}` };
}

export interface SlashCommandOptions {
  command: string;
  text?: string;
  userId: string;
  userName?: string;
  teamId: string;
  teamDomain?: string;
  channelId: string;
  channelName?: string;
  responseUrl: string;
  triggerId?: string;
  apiAppId?: string;
  enterpriseId?: string;
  enterpriseName?: string;
}

/** Form-encoded slash command body with every field Slack sends. */
export function slashCommandBody(opts: SlashCommandOptions): string {
  const fields: [string, string][] = [
    ['token', DEFAULT_VERIFICATION_TOKEN],
    ['team_id', opts.teamId],
    ['team_domain', opts.teamDomain ?? 'relais-test'],
  ];
  if (opts.enterpriseId) {
    fields.push(['enterprise_id', opts.enterpriseId], ['enterprise_name', opts.enterpriseName ?? 'relais-enterprise']);
  }
  fields.push(
    ['channel_id', opts.channelId],
    ['channel_name', opts.channelName ?? (opts.channelId.startsWith('D') ? 'directmessage' : 'general')],
    ['user_id', opts.userId],
    ['user_name', opts.userName ?? userNameFor(opts.userId)],
    ['command', opts.command],
    ['text', opts.text ?? ''],
    ['api_app_id', opts.apiAppId ?? DEFAULT_APP_ID],
    ['is_enterprise_install', 'false'],
    ['response_url', opts.responseUrl],
    ['trigger_id', opts.triggerId ?? fakeTriggerId()],
  );
  return new URLSearchParams(fields).toString();
}

export interface BlockActionsOptions {
  actionId: string;
  value?: string;
  blockId?: string;
  userId: string;
  userName?: string;
  teamId: string;
  teamDomain?: string;
  channelId?: string;
  channelName?: string;
  messageTs?: string;
  /** Omitted from the payload when `view` is given (Slack sends no response_url for actions inside modals). */
  responseUrl: string;
  triggerId?: string;
  /** The message the action was clicked in (merged over `{type:'message', ts: messageTs}`). */
  message?: Record<string, unknown>;
  /** The view the action was clicked in (container becomes `{type:'view', view_id}`). */
  view?: Record<string, unknown>;
  /** Makes the action a `static_select` with this selected value instead of a `button`. */
  selectedOption?: string;
  /** Override the action's `type` (default 'button', or 'static_select' with selectedOption). */
  actionType?: string;
  /** `state.values` for the payload (default: the view's state values, or {}). */
  stateValues?: Record<string, Record<string, object>>;
  isEphemeral?: boolean;
  threadTs?: string;
  apiAppId?: string;
}

/** The JSON payload object of a `block_actions` request (see blockActionsBody). */
export function blockActionsPayload(opts: BlockActionsOptions): Record<string, unknown> {
  const userName = opts.userName ?? userNameFor(opts.userId);
  const view = opts.view;
  const msgIn = opts.message;
  const messageTs = opts.messageTs ?? (typeof msgIn?.ts === 'string' ? msgIn.ts : undefined);
  const threadTs = opts.threadTs ?? (typeof msgIn?.thread_ts === 'string' ? msgIn.thread_ts : undefined);
  const blockId = opts.blockId ?? fakeBlockId();
  const actionTs = nowTs();

  const action: Record<string, unknown> =
    opts.selectedOption !== undefined
      ? {
          type: opts.actionType ?? 'static_select',
          action_id: opts.actionId,
          block_id: blockId,
          selected_option: { text: plain(opts.selectedOption), value: opts.selectedOption },
          placeholder: plain('Choose...'),
          action_ts: actionTs,
        }
      : {
          action_id: opts.actionId,
          block_id: blockId,
          text: plain(opts.actionId),
          ...(opts.value !== undefined ? { value: opts.value } : {}),
          type: opts.actionType ?? 'button',
          action_ts: actionTs,
        };

  const payload: Record<string, unknown> = {
    type: 'block_actions',
    user: { id: opts.userId, username: userName, name: userName, team_id: opts.teamId },
    api_app_id: opts.apiAppId ?? DEFAULT_APP_ID,
    token: DEFAULT_VERIFICATION_TOKEN,
  };

  if (view) {
    payload.container = { type: 'view', view_id: view.id };
  } else {
    payload.container = {
      type: 'message',
      ...(messageTs !== undefined ? { message_ts: messageTs } : {}),
      ...(opts.channelId !== undefined ? { channel_id: opts.channelId } : {}),
      is_ephemeral: opts.isEphemeral ?? false,
      ...(threadTs !== undefined ? { thread_ts: threadTs } : {}),
    };
  }
  payload.trigger_id = opts.triggerId ?? fakeTriggerId();
  payload.team = { id: opts.teamId, domain: opts.teamDomain ?? 'relais-test' };
  payload.enterprise = null;
  payload.is_enterprise_install = false;
  if (opts.channelId !== undefined && !view) {
    payload.channel = {
      id: opts.channelId,
      name: opts.channelName ?? (opts.channelId.startsWith('D') ? 'directmessage' : 'general'),
    };
  }
  if (view) {
    payload.view = view;
  } else if ((msgIn || messageTs !== undefined) && !opts.isEphemeral) {
    payload.message = {
      type: 'message',
      ...(messageTs !== undefined ? { ts: messageTs } : {}),
      text: '',
      ...(msgIn ?? {}),
    };
  }
  const viewState = view?.state;
  const viewValues =
    typeof viewState === 'object' && viewState !== null && 'values' in viewState ? viewState.values : undefined;
  payload.state = { values: opts.stateValues ?? viewValues ?? {} };
  if (!view) payload.response_url = opts.responseUrl;
  payload.actions = [action];
  return payload;
}

/** 'payload=<urlencoded JSON>' of a `block_actions` interaction. */
export function blockActionsBody(opts: BlockActionsOptions): string {
  return new URLSearchParams({ payload: JSON.stringify(blockActionsPayload(opts)) }).toString();
}

export interface ViewSubmissionOptions {
  callbackId: string;
  privateMetadata?: string;
  /** block_id → action_id → element state, e.g. {type:'plain_text_input', value:'x'},
   *  {type:'static_select', selected_option:{value:'fr'}} (a missing `text` is filled in),
   *  {type:'conversations_select', selected_conversation:'C1'}, {type:'multi_users_select', selected_users:['U1']}. */
  values: Record<string, Record<string, object>>;
  userId: string;
  userName?: string;
  teamId: string;
  teamDomain?: string;
  viewId?: string;
  /** Blocks of the submitted view (default: one input block per values entry). */
  blocks?: object[];
  title?: string;
  externalId?: string;
  /** Adds `response_urls` as when the modal has an input with `response_url_enabled`. */
  responseUrl?: string;
  responseUrlChannelId?: string;
  triggerId?: string;
  apiAppId?: string;
  botId?: string;
}

function fillOptionText(opt: unknown): unknown {
  if (!opt || typeof opt !== 'object') return opt;
  const o = opt as Record<string, unknown>;
  return o.text === undefined && typeof o.value === 'string' ? { text: plain(o.value), value: o.value, ...o } : o;
}

function normaliseElementState(state: object): object {
  const s = { ...(state as Record<string, unknown>) };
  if ('selected_option' in s) s.selected_option = fillOptionText(s.selected_option);
  if (Array.isArray(s.selected_options)) s.selected_options = s.selected_options.map(fillOptionText);
  return s;
}

/** The JSON payload object of a `view_submission` request (see viewSubmissionBody). */
function viewSubmissionPayload(opts: ViewSubmissionOptions): Record<string, unknown> {
  const userName = opts.userName ?? userNameFor(opts.userId);
  const viewId = opts.viewId ?? `V${hex(5).toUpperCase()}`;
  const appId = opts.apiAppId ?? DEFAULT_APP_ID;
  const values: Record<string, Record<string, object>> = {};
  for (const [blockId, actions] of Object.entries(opts.values)) {
    const states: Record<string, object> = {};
    for (const [actionId, state] of Object.entries(actions)) states[actionId] = normaliseElementState(state);
    values[blockId] = states;
  }
  const blocks =
    opts.blocks ??
    Object.entries(values).map(([blockId, actions]) => {
      const [actionId, state] = Object.entries(actions)[0] ?? [blockId, { type: 'plain_text_input' }];
      return {
        type: 'input',
        block_id: blockId,
        label: plain(blockId),
        optional: false,
        dispatch_action: false,
        element: { type: (state as { type?: string }).type ?? 'plain_text_input', action_id: actionId },
      };
    });
  const view = {
    id: viewId,
    team_id: opts.teamId,
    type: 'modal',
    blocks,
    private_metadata: opts.privateMetadata ?? '',
    callback_id: opts.callbackId,
    state: { values },
    hash: `${Math.floor(Date.now() / 1000)}.${hex(4)}`,
    title: plain(opts.title ?? 'Relais'),
    clear_on_close: false,
    notify_on_close: false,
    close: plain('Cancel'),
    submit: plain('Submit'),
    previous_view_id: null,
    root_view_id: viewId,
    app_id: appId,
    external_id: opts.externalId ?? '',
    app_installed_team_id: opts.teamId,
    bot_id: opts.botId ?? 'B00RELAISBOT',
  };
  const firstBlock = Object.keys(values)[0] ?? '';
  const firstAction = Object.keys(values[firstBlock] ?? {})[0] ?? '';
  return {
    type: 'view_submission',
    team: { id: opts.teamId, domain: opts.teamDomain ?? 'relais-test' },
    user: { id: opts.userId, username: userName, name: userName, team_id: opts.teamId },
    api_app_id: appId,
    token: DEFAULT_VERIFICATION_TOKEN,
    trigger_id: opts.triggerId ?? fakeTriggerId(),
    view,
    response_urls: opts.responseUrl
      ? [
          {
            block_id: firstBlock,
            action_id: firstAction,
            channel_id: opts.responseUrlChannelId ?? 'C00RELAIS01',
            response_url: opts.responseUrl,
          },
        ]
      : [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

/** 'payload=<urlencoded JSON>' of a `view_submission` interaction. */
export function viewSubmissionBody(opts: ViewSubmissionOptions): string {
  return new URLSearchParams({ payload: JSON.stringify(viewSubmissionPayload(opts)) }).toString();
}

export interface EventCallbackOptions {
  /** The inner event, e.g. {type:'app_mention', user, text, channel, ts}; `event_ts` is filled from `ts`. */
  event: Record<string, unknown>;
  teamId: string;
  botUserId: string;
  apiAppId?: string;
  eventId?: string;
  eventTime?: number;
}

/** JSON body of an Events API `event_callback` delivery (post with contentType 'application/json'). */
export function eventCallbackBody(opts: EventCallbackOptions): string {
  const ts = typeof opts.event.ts === 'string' ? opts.event.ts : nowTs();
  return JSON.stringify({
    token: DEFAULT_VERIFICATION_TOKEN,
    team_id: opts.teamId,
    api_app_id: opts.apiAppId ?? DEFAULT_APP_ID,
    event: { ts, event_ts: ts, ...opts.event },
    type: 'event_callback',
    event_id: opts.eventId ?? `Ev${hex(5).toUpperCase()}`,
    event_time: opts.eventTime ?? Math.floor(Date.now() / 1000),
    authorizations: [
      {
        enterprise_id: null,
        team_id: opts.teamId,
        user_id: opts.botUserId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
  });
}

export interface PostSignedOptions {
  timestampSec?: number;
  /** Sign with a wrong secret. */
  badSignature?: boolean;
  /** Adds x-slack-retry-num and x-slack-retry-reason: http_timeout. */
  retryNum?: number;
  retryReason?: string;
  /** Default: 'application/json' when the body starts with '{', else 'application/x-www-form-urlencoded'. */
  contentType?: string;
  headers?: Record<string, string>;
}

/** POST a signed body to a Bolt endpoint with fetch. `ms` is the time until the response body was read. */
export async function postSigned(
  url: string,
  signingSecret: string,
  body: string,
  opts: PostSignedOptions = {},
): Promise<{ status: number; body: string; headers: Headers; ms: number }> {
  const secret = opts.badSignature ? `${signingSecret}-wrong` : signingSecret;
  const contentType =
    opts.contentType ?? (body.trimStart().startsWith('{') ? 'application/json' : 'application/x-www-form-urlencoded');
  const headers: Record<string, string> = {
    'content-type': contentType,
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    ...signSlackRequest(secret, body, opts.timestampSec),
    ...(opts.retryNum !== undefined
      ? { 'x-slack-retry-num': String(opts.retryNum), 'x-slack-retry-reason': opts.retryReason ?? 'http_timeout' }
      : {}),
    ...(opts.headers ?? {}),
  };
  const started = performance.now();
  const res = await fetch(url, { method: 'POST', headers, body });
  const text = await res.text();
  const ms = performance.now() - started;
  return { status: res.status, body: text, headers: res.headers, ms };
}
