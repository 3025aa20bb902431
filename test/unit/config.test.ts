import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig } from '../../src/config.ts';

describe('loadConfig', () => {
  it('defaults to the playground on an embedded PGlite when nothing is set', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.database).toEqual({ kind: 'pglite', dataDir: './.relais' });
    expect(config.slack).toBeNull();
    expect(config.discord).toBeNull();
    expect(config.playground).toBe(true);
    // The playground has no login: it is served to this machine only.
    expect(config.host).toBe('127.0.0.1');
  });

  it('uses PostgreSQL when DATABASE_URL is set, with bounded waits for connecting and for the migration lock', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@db:5432/relais' }).database).toEqual({
      kind: 'postgres',
      url: 'postgres://u@db:5432/relais',
      connectTimeoutMs: 10_000,
      migrationLockTimeoutMs: 300_000,
    });
    expect(
      loadConfig({
        DATABASE_URL: 'postgresql://u@db-1:5432,db-2:5433/relais?sslmode=require',
        DATABASE_CONNECT_TIMEOUT_MS: '2500',
        MIGRATION_LOCK_TIMEOUT_MS: '60000',
      }).database,
    ).toMatchObject({ kind: 'postgres', connectTimeoutMs: 2500, migrationLockTimeoutMs: 60_000 });
  });

  it('names a malformed DATABASE_URL among the other problems, never quoting it', () => {
    const cases: [string, string][] = [
      ['mysql://u:pw-secret@db/relais', 'must be a postgres:// or postgresql:// URL'],
      ['postgres://u:pw-secret@db:99999/relais', 'has a port outside 1–65535'],
      ['postgres://u:pw-secret@db:5432relais', 'has an invalid host'],
      ['postgres://u:pw-secret@db host/relais', 'has an invalid host'],
      ['postgres://u:pw@secret@db/relais', 'percent-encode "@"'],
      ['postgres://u@db-1:5432,/relais', 'has an empty host'],
      ['postgres://u:pw-secret@/relais', 'is not a valid URL'],
    ];
    for (const [url, problem] of cases) {
      let error: unknown;
      try {
        loadConfig({ DATABASE_URL: url, PORT: 'eighty', DATABASE_CONNECT_TIMEOUT_MS: '0' });
      } catch (e) {
        error = e;
      }
      expect(error, url).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems;
      expect(
        problems.find((p) => p.startsWith('DATABASE_URL: ')),
        url,
      ).toContain(problem);
      expect(
        problems.some((p) => p.startsWith('PORT: ')),
        url,
      ).toBe(true);
      expect(
        problems.some((p) => p.startsWith('DATABASE_CONNECT_TIMEOUT_MS: ')),
        url,
      ).toBe(true);
      expect((error as Error).message, url).not.toMatch(/secret/);
    }
  });

  it('picks Slack HTTP mode with a signing secret, Socket Mode with an app token', () => {
    const http = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's3cr3t' });
    expect(http.slack).toMatchObject({ mode: 'http', apiUrl: 'https://slack.com/api/' });
    expect(http.playground).toBe(false);
    expect(http.host).toBe('0.0.0.0');
    const socket = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_APP_TOKEN: 'xapp-1',
      SLACK_API_URL: 'http://127.0.0.1:9/api',
    });
    expect(socket.slack).toMatchObject({ mode: 'socket', apiUrl: 'http://127.0.0.1:9/api/' });
  });

  it('reads Discord settings and strips the trailing slash of its API URL', () => {
    const config = loadConfig({
      DISCORD_TOKEN: 'tok',
      DISCORD_APPLICATION_ID: '123456789012',
      DISCORD_API_URL: 'http://127.0.0.1:1/api/',
    });
    expect(config.discord).toEqual({ token: 'tok', applicationId: '123456789012', apiUrl: 'http://127.0.0.1:1/api' });
  });

  it('takes Discord interactions over HTTP with a public key, which needs the bot token', () => {
    const key = 'AB'.repeat(32);
    const config = loadConfig({
      DISCORD_TOKEN: 'tok',
      DISCORD_APPLICATION_ID: '123456789012',
      DISCORD_PUBLIC_KEY: key,
    });
    expect(config.discord?.publicKey).toBe(key.toLowerCase());
    // Discord must reach the Interactions Endpoint.
    expect(config.host).toBe('0.0.0.0');
    expect(describeConfig(config).discord).toBe('http');
    expect(() => loadConfig({ DISCORD_PUBLIC_KEY: key })).toThrow(/DISCORD_TOKEN: is required with DISCORD_PUBLIC_KEY/);
    expect(() =>
      loadConfig({ DISCORD_TOKEN: 'tok', DISCORD_APPLICATION_ID: '123456789012', DISCORD_PUBLIC_KEY: 'not-hex' }),
    ).toThrow(/DISCORD_PUBLIC_KEY: must be the application public key/);
  });

  it('stops with one message naming every problem, and no secret value', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        SLACK_BOT_TOKEN: 'not-a-bot-token-value',
        DISCORD_TOKEN: 'discord-secret-value',
        LOG_LEVEL: 'loud',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'DISCORD_APPLICATION_ID', 'LOG_LEVEL'])
      expect(problems).toContain(name);
    expect((error as Error).message).not.toContain('discord-secret-value');
    expect((error as Error).message).not.toContain('not-a-bot-token-value');
  });

  it('lists secrets for the logger and describes itself without them', () => {
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-abc',
      SLACK_SIGNING_SECRET: 'sign-me',
      DATABASE_URL: 'postgres://u:p%40ss@h/db',
    });
    expect(config.secrets).toEqual(expect.arrayContaining(['xoxb-abc', 'sign-me', 'p@ss']));
    expect(JSON.stringify(describeConfig(config))).not.toMatch(/xoxb-abc|sign-me|p@ss/);
  });
});
