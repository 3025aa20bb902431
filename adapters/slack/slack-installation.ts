import type { Authorize, Logger as BoltLogger } from '@slack/bolt';
import { ErrorCode, WebClient } from '@slack/web-api';
import type { SlackConfig } from '../../src/config.ts';
import type { Logger } from '../../src/log.ts';

/** Who Relais is on Slack, and the workspace (or Enterprise Grid organisation) its bot token belongs to. */
export interface Installation {
  teamId: string;
  teamName: string | null;
  enterpriseId: string | null;
  /** An organisation-wide install answers every workspace of its organisation. */
  isEnterpriseInstall: boolean;
  botUserId: string;
  botId: string;
}

/**
 * Asks Slack once, at start, who the bot token is (auth.test), within `config.authTimeoutMs`:
 * Relais listens to Slack only once it knows, so no request waits on it (Slack allows 3 s).
 * Throws an error that says what to check.
 */
export async function authorizeAtStart(config: SlackConfig, logger: BoltLogger): Promise<Installation> {
  const client = new WebClient(config.botToken, {
    slackApiUrl: config.apiUrl,
    timeout: config.authTimeoutMs,
    retryConfig: { retries: 0 },
    logger,
  });
  try {
    const me = await client.auth.test();
    if (!me.team_id || !me.user_id || !me.bot_id) throw new Error('auth.test did not say which bot and workspace');
    return {
      teamId: me.team_id,
      teamName: me.team ?? null,
      enterpriseId: me.enterprise_id ?? null,
      isEnterpriseInstall: me.is_enterprise_install === true,
      botUserId: me.user_id,
      botId: me.bot_id,
    };
  } catch (error) {
    throw new Error(startProblem(error, config), { cause: error });
  }
}

function startProblem(error: unknown, config: SlackConfig): string {
  const e = error as { code?: string; data?: { error?: string }; original?: { name?: string }; message?: string };
  if (e.code === ErrorCode.PlatformError)
    return `Slack refused the bot token (auth.test: ${e.data?.error ?? 'error'}): check SLACK_BOT_TOKEN.`;
  if (e.code === ErrorCode.RequestError && e.original?.name === 'TimeoutError')
    return `Slack did not answer auth.test within ${config.authTimeoutMs / 1000} s (${config.apiUrl}): Relais cannot answer Slack without it.`;
  return `Slack could not be reached for auth.test (${config.apiUrl}): ${e.message ?? String(error)}`;
}

/**
 * Bolt's authorize: the bot token for requests from the workspace Relais is installed in (or, for
 * an organisation-wide install, from its organisation). A request for any other workspace, or
 * for none, is refused and logged: it never becomes a workspace of its own.
 */
export function authorizeFor(
  installation: () => Installation | null,
  botToken: string,
  log: Logger,
): Authorize<boolean> {
  return async (source) => {
    const mine = installation();
    if (!mine) throw new Error('Relais is not ready for Slack yet');
    const ours = mine.isEnterpriseInstall
      ? source.enterpriseId !== undefined && source.enterpriseId === mine.enterpriseId
      : source.teamId === mine.teamId;
    if (!ours) {
      log.warn(
        { teamId: source.teamId ?? null, enterpriseId: source.enterpriseId ?? null, installedIn: mine.teamId },
        'Slack request for a workspace Relais is not installed in: refused',
      );
      throw new NotInstalledError();
    }
    return {
      botToken,
      botId: mine.botId,
      botUserId: mine.botUserId,
      teamId: source.teamId ?? mine.teamId,
      ...(source.enterpriseId ? { enterpriseId: source.enterpriseId } : {}),
    };
  };
}

/** Already logged where it was decided; Bolt hands it to the app's error handler again. */
export class NotInstalledError extends Error {
  constructor() {
    super('not installed in this workspace');
    this.name = 'NotInstalledError';
  }
}
