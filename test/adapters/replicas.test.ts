import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { type RunningRelais, startRelais } from '../../src/main.ts';
import { type SlackFake, startSlackFake } from '../fakes/slack-fake.ts';
import { blockActionsBody, postSigned, slashCommandBody } from '../fakes/slack-requests.ts';
import { freshDatabase } from '../support/test-database.ts';

/**
 * Two Relais processes' worth of app (two HTTP servers, two connection pools) on one PostgreSQL
 * database, receiving the same deliveries at the same time, as behind a load balancer.
 */

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
const SECRET = 'replicas-secret';
const TEAM = 'T0REPLICAS';
let fake: SlackFake;
let fresh: Awaited<ReturnType<typeof freshDatabase>>;
let replicas: RunningRelais[] = [];
let seq = 0;

beforeAll(async () => {
  if (!onPostgres) return;
  fresh = await freshDatabase('postgres');
  fake = await startSlackFake({
    teamId: TEAM,
    users: [
      { id: 'UADMIN', is_admin: true, locale: 'en' },
      { id: 'UAUTHOR', locale: 'en' },
      { id: 'UREVIEW', locale: 'en' },
    ],
  });
  const config = loadConfig({
    PORT: '0',
    LOG_LEVEL: 'silent',
    DATABASE_URL: fresh.url!,
    SLACK_BOT_TOKEN: 'xoxb-r',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
  });
  replicas = [await startRelais(config, { scheduler: false }), await startRelais(config, { scheduler: false })];
});

afterAll(async () => {
  await Promise.all(replicas.map((r) => r.close()));
  await fake?.close();
  await fresh?.drop();
});

const url = (r: RunningRelais) => `http://127.0.0.1:${r.port}/slack/events`;

function slashBody(userId: string, text: string, triggerId: string) {
  return slashCommandBody({
    command: text.startsWith('config') ? '/relais' : '/draft',
    text,
    userId,
    teamId: TEAM,
    channelId: 'C0GENERAL',
    responseUrl: fake.responseUrl(`s${++seq}`),
    triggerId,
  });
}

async function drafts() {
  const store = replicas[0]!.deps.store;
  const ws = await store.ensureWorkspace({ platform: 'slack', externalId: TEAM });
  return store.drafts.byAuthor(ws.id, 'UAUTHOR', 10);
}

describe.runIf(onPostgres)('two replicas on one PostgreSQL server', () => {
  it('create one draft for one delivery that reaches both', async () => {
    const setup = await postSigned(
      url(replicas[0]!),
      SECRET,
      slashBody('UADMIN', 'config review-channel <#C0REVIEW|review> reviewers <@UREVIEW>', 'setup'),
    );
    expect(setup.body).toContain('Saved');
    const body = slashBody('UAUTHOR', 'Launch day! #acme', 'same-trigger');
    const results = await Promise.all(replicas.map((r) => postSigned(url(r), SECRET, body, { retryNum: 1 })));
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    expect(results.map((r) => r.body).join(' ')).toContain('already received');
    expect(await drafts()).toHaveLength(1);
  });

  it('record one approval and one state change for clicks reaching both at once', async () => {
    const [draft] = await drafts();
    const action = `draft:approve|${draft!.id}:1`;
    const click = () =>
      blockActionsBody({
        actionId: action,
        value: `${draft!.id}:1`,
        userId: 'UREVIEW',
        teamId: TEAM,
        channelId: 'C0REVIEW',
        responseUrl: fake.responseUrl(`c${++seq}`),
        triggerId: `t${seq}`,
      });
    await Promise.all(replicas.map((r) => postSigned(url(r), SECRET, click())));
    await fake.waitForResponse((r) => JSON.stringify(r.body).includes('You approved D-1'));
    await Promise.all(replicas.map((r) => r.flushOutbox()));
    const store = replicas[0]!.deps.store;
    expect(await store.drafts.reviews(draft!.id, 1)).toHaveLength(1);
    expect((await store.drafts.events(draft!.id)).filter((e) => e.kind === 'approved')).toHaveLength(1);
    expect((await store.drafts.byId(draft!.id))?.state).toBe('approved');
    const card = (await store.drafts.byId(draft!.id))!.card!;
    expect(fake.calls.filter((c) => c.method === 'chat.postMessage' && c.args.thread_ts === card.id)).toHaveLength(1);
    expect(
      fake.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === 'C0REVIEW' && !c.args.thread_ts),
    ).toHaveLength(1);
  });
});
