import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../db/client.ts';
import { workspaces } from '../../db/schema.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { type RunningRelais, startRelais } from '../../src/main.ts';
import { type SlackFake, startSlackFake } from '../fakes/slack-fake.ts';
import { blockActionsPayload, postSigned, slashCommandBody, viewSubmissionBody } from '../fakes/slack-requests.ts';
import { type SlackHarness, said, startSlackHarness } from '../support/slack-harness.ts';

/**
 * Relais answers Slack only once it knows who it is there (auth.test, once, at start), and only
 * for the workspace its token belongs to.
 */

const TEAM = 'T0INSTALLED';

/** Log lines, as the process would print them. */
function capturedLog() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { lines, log: createLogger({ level: 'info', secrets: [], destination }) };
}

describe('Slack start-up: ready before listening', () => {
  let fake: SlackFake;
  let database: Database;
  let relais: RunningRelais | undefined;

  beforeAll(async () => {
    fake = await startSlackFake({
      teamId: TEAM,
      users: [
        { id: 'UADMIN', locale: 'en-US', is_admin: true },
        { id: 'UAUTHOR', locale: 'en-US' },
      ],
    });
    database = await openDatabase({ kind: 'pglite-memory' });
    // Migrated here, so the tests time Relais' start-up, not the schema's creation.
    await database.migrate();
  });

  afterAll(async () => {
    await relais?.close();
    await database?.close();
    await fake?.close();
  });

  const config = (env: Record<string, string> = {}) =>
    loadConfig({
      PORT: '0',
      LOG_LEVEL: 'silent',
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: 'secret',
      SLACK_API_URL: fake.apiUrl,
      ...env,
    });

  it('says not-ready and runs nothing while auth.test is pending, then answers once ready', async () => {
    let answerAuthTest = () => {};
    const authTestAnswered = new Promise<void>((resolve) => {
      answerAuthTest = resolve;
    });
    fake.setHandler('auth.test', async () => {
      await authTestAnswered;
      return undefined;
    });
    const { lines, log } = capturedLog();
    let listening: (port: number) => void = () => {};
    const listeningOn = new Promise<number>((resolve) => {
      listening = resolve;
    });
    const started = startRelais(config(), { database, scheduler: false, log, onListening: (port) => listening(port) });
    const port = await Promise.race([listeningOn, started.then((r) => r.port)]);
    const base = `http://127.0.0.1:${port}`;
    await fake.waitForCall((c) => c.method === 'auth.test');

    expect((await fetch(`${base}/healthz`)).status).toBe(503);
    const early = await postSigned(
      `${base}/slack/events`,
      'secret',
      slashCommandBody({
        command: '/draft',
        text: 'Sent while Relais was starting',
        userId: 'UAUTHOR',
        teamId: TEAM,
        channelId: 'C0GENERAL',
        responseUrl: fake.responseUrl('early'),
      }),
    );
    expect(early.status).toBe(503);
    expect(early.ms).toBeLessThan(1000);

    answerAuthTest();
    relais = await started;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect(lines.some((l) => String(l.msg).includes('Slack: ready') && l.teamId === TEAM)).toBe(true);

    const slash = async (userId: string, command: string, text: string) => {
      const res = await postSigned(
        `${base}/slack/events`,
        'secret',
        slashCommandBody({
          command,
          text,
          userId,
          teamId: TEAM,
          channelId: 'C0GENERAL',
          responseUrl: fake.responseUrl(),
        }),
      );
      expect(res.status).toBe(200);
      return said(JSON.parse(res.body));
    };
    expect(await slash('UADMIN', '/relais', 'config review-channel <#C0REVIEW|review> language en')).toContain('Saved');
    expect(await slash('UAUTHOR', '/draft', 'Sent once Relais was ready')).toContain('D-1 is submitted');
    const ws = await relais.deps.store.ensureWorkspace({ platform: 'slack', externalId: TEAM });
    expect((await relais.deps.store.drafts.byNumber(ws.id, 1))?.content.text).toBe('Sent once Relais was ready');
    expect(await relais.deps.store.drafts.byNumber(ws.id, 2)).toBeNull();
    expect(fake.responses.filter((r) => r.id === 'early')).toEqual([]);
    expect(fake.callsTo('auth.test')).toHaveLength(1);
    await relais.close();
    relais = undefined;
  });

  it('gives up on a Slack that never answers auth.test, saying so', async () => {
    fake.setHandler('auth.test', () => new Promise(() => {}));
    const { lines, log } = capturedLog();
    const at = Date.now();
    await expect(
      startRelais(config({ SLACK_AUTH_TIMEOUT_SECONDS: '1' }), { database, scheduler: false, log }),
    ).rejects.toThrow(/Slack did not answer auth\.test within 1 s/);
    expect(Date.now() - at).toBeLessThan(5000);
    expect(lines.some((l) => l.level === 50 && String(l.msg).includes('auth.test'))).toBe(true);
  });

  it('refuses to start with a token Slack refuses, naming the setting', async () => {
    fake.setHandler('auth.test', () => ({ ok: false, error: 'invalid_auth' }));
    await expect(startRelais(config(), { database, scheduler: false, log: capturedLog().log })).rejects.toThrow(
      /invalid_auth.*SLACK_BOT_TOKEN/,
    );
    fake.setHandler('auth.test', undefined);
  });
});

describe('Slack requests for a workspace Relais is not installed in', () => {
  let h: SlackHarness;
  const { lines, log } = capturedLog();

  beforeAll(async () => {
    h = await startSlackHarness({ team: TEAM, fake: { users: [{ id: 'UADMIN', is_admin: true }] }, log });
  });

  afterAll(async () => h?.close());

  const workspaceIds = async () =>
    (await h.database.db.select({ externalId: workspaces.externalId }).from(workspaces)).map((w) => w.externalId);

  it('refuses and logs them, and creates no workspace for them', async () => {
    const foreign = await postSigned(
      h.events,
      h.secret,
      slashCommandBody({
        command: '/relais',
        text: 'help',
        userId: 'UADMIN',
        teamId: 'T0ELSEWHERE',
        channelId: 'C0GENERAL',
        responseUrl: h.fake.responseUrl('foreign'),
      }),
    );
    const click = blockActionsPayload({
      actionId: 'config:edit|workspace',
      userId: 'UADMIN',
      teamId: TEAM,
      channelId: 'C0GENERAL',
      responseUrl: h.fake.responseUrl('no-team'),
    });
    const { team: _team, user, ...rest } = click;
    const noTeam = await postSigned(
      h.events,
      h.secret,
      new URLSearchParams({
        payload: JSON.stringify({ ...rest, user: { ...(user as object), team_id: undefined } }),
      }).toString(),
    );
    const form = await postSigned(
      h.events,
      h.secret,
      viewSubmissionBody({
        callbackId: 'config:workspace',
        privateMetadata: JSON.stringify({ c: 'C0GENERAL', r: h.fake.responseUrl('foreign-form') }),
        userId: 'UADMIN',
        teamId: 'T0ELSEWHERE',
        values: { language: { language: { type: 'static_select', selected_option: { value: 'fr' } } } },
      }),
    );
    for (const res of [foreign, noTeam, form]) {
      expect(res.status).toBeLessThan(500);
      expect(res.body).toBe('');
    }

    // A request from the installed workspace, sent after them, is answered; theirs never are.
    const mine = await h.slash('/relais', 'UADMIN', 'help');
    expect(said(await h.answer(mine.id))).toContain('Relais');
    expect(h.fake.responses.filter((r) => ['foreign', 'no-team', 'foreign-form'].includes(r.id))).toEqual([]);
    expect(await workspaceIds()).toEqual([TEAM]);
    const refusals = lines.filter((l) => String(l.msg).includes('not installed'));
    expect(refusals.map((l) => String(l.teamId)).sort()).toEqual(['T0ELSEWHERE', 'T0ELSEWHERE', 'null']);
  });
});
