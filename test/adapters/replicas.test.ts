import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISCORD_INTERACTIONS_PATH } from '../../adapters/discord/discord-bot.ts';
import { loadConfig } from '../../src/config.ts';
import { type RunningRelais, startRelais } from '../../src/main.ts';
import { type DiscordFake, startDiscordFake } from '../fakes/discord-fake.ts';
import { chatInput } from '../fakes/discord-interactions.ts';
import { type SlackFake, startSlackFake } from '../fakes/slack-fake.ts';
import { blockActionsBody, postSigned, slashCommandBody } from '../fakes/slack-requests.ts';
import { capturedLog } from '../support/discord-harness.ts';
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

/**
 * Discord: two Relais processes' worth of app on one PostgreSQL database. Over HTTP (Interactions
 * Endpoint) a load balancer spreads interactions between them; over the gateway both processes
 * receive every interaction. Either way each interaction is answered exactly once.
 */
describe.runIf(onPostgres)('two Discord replicas on one PostgreSQL server', () => {
  const GUILD = '870000000000000001';
  const GENERAL = '870000000000000010';
  const admin = { user: { id: '870000000000000500', username: 'ada' }, permissions: 1n << 5n, locale: 'en-US' };
  const author = { user: { id: '870000000000000501', username: 'chloe' }, permissions: 0n, locale: 'en-US' };
  let discord: DiscordFake;
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let overHttp: RunningRelais[] = [];
  let overGateway: RunningRelais[] = [];
  const gatewayLogs = [capturedLog(), capturedLog()];

  beforeAll(async () => {
    db = await freshDatabase('postgres');
    discord = await startDiscordFake({
      guilds: [{ id: GUILD, name: 'Acme', channels: [{ id: GENERAL, name: 'general' }] }],
    });
    const env = {
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      DATABASE_URL: db.url ?? '',
      DISCORD_TOKEN: 'discord-replicas',
      DISCORD_APPLICATION_ID: discord.applicationId,
      DISCORD_API_URL: discord.apiUrl,
    };
    const http = loadConfig({ ...env, DISCORD_PUBLIC_KEY: discord.publicKey });
    overHttp = [await startRelais(http, { scheduler: false }), await startRelais(http, { scheduler: false })];
    overGateway = await Promise.all(
      gatewayLogs.map(({ log }) => startRelais(loadConfig(env), { scheduler: false, log })),
    );
    await discord.connected();
    const endpoint = `http://127.0.0.1:${overHttp[0]?.port}${DISCORD_INTERACTIONS_PATH}`;
    const setup = chatInput({
      name: 'relais',
      options: [{ type: 1, name: 'config', options: [{ type: 7, name: 'review-channel', value: GENERAL }] }],
      guildId: GUILD,
      channelId: GENERAL,
      ...admin,
    });
    expect((await discord.deliverOverHttp(endpoint, setup)).status).toBe(200);
  });

  afterAll(async () => {
    await Promise.all([...overHttp, ...overGateway].map((r) => r.close()));
    await discord?.close();
    await db?.drop();
  });

  const endpointOf = (r: RunningRelais) => `http://127.0.0.1:${r.port}${DISCORD_INTERACTIONS_PATH}`;
  const draftNew = (text: string) =>
    chatInput({
      name: 'draft',
      options: [{ type: 1, name: 'new', options: [{ type: 3, name: 'text', value: text }] }],
      guildId: GUILD,
      channelId: GENERAL,
      ...author,
    });
  const answersTo = (id: string) => discord.calls.filter((c) => c.path.startsWith(`/interactions/${id}/`));
  async function authored() {
    const store = overHttp[0]?.deps.store;
    if (!store) throw new Error('no replica');
    const ws = await store.ensureWorkspace({ platform: 'discord', externalId: GUILD });
    return store.drafts.byAuthor(ws.id, author.user.id, 50);
  }

  it('answer every interaction exactly once when a load balancer spreads them (HTTP)', async () => {
    const payloads = Array.from({ length: 6 }, (_, i) => draftNew(`Spread ${i} #acme`));
    const results = await Promise.all(
      payloads.map((p, i) => discord.deliverOverHttp(endpointOf(overHttp[i % 2] as RunningRelais), p)),
    );
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    for (const p of payloads) {
      expect(answersTo(p.id)).toHaveLength(1);
      expect(JSON.stringify(answersTo(p.id)[0]?.body)).toContain('is submitted');
    }
    const numbers = (await authored()).map((d) => d.number);
    expect(new Set(numbers).size).toBe(6);
  });

  it('answer once an interaction that reaches both (HTTP): the other gets 409 and does nothing', async () => {
    const before = (await authored()).length;
    const payload = draftNew('Both at once #acme');
    const results = await Promise.all(overHttp.map((r) => discord.deliverOverHttp(endpointOf(r), payload)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(answersTo(payload.id)).toHaveLength(1);
    expect(JSON.stringify(answersTo(payload.id)[0]?.body)).toContain('is submitted');
    expect(await authored()).toHaveLength(before + 1);
  });

  it('answer once an interaction both gateway sessions receive', async () => {
    const before = (await authored()).length;
    const payload = draftNew('Gateway pair #acme');
    discord.dispatchInteraction(payload);
    const answer = await discord.waitForCall((c) => c.path.startsWith(`/interactions/${payload.id}/`));
    // The process that lost the claim says so; it sends nothing.
    await Promise.any(gatewayLogs.map((l) => l.waitForLog(['already claimed', payload.id])));
    expect(answersTo(payload.id)).toEqual([answer]);
    expect(JSON.stringify(answer.body)).toContain('is submitted');
    expect(await authored()).toHaveLength(before + 1);
  });
});
