/**
 * `npm run bench -- fanout`: 5,000 ambassadors prompted for one published post. The Slack fake
 * enforces a rate limit (fixed windows, 429 + Retry-After in whole seconds, as Slack sends) and
 * fails 1% of calls with a 500. Relais runs in its own process on PostgreSQL. Measures the time
 * to deliver every prompt against the ideal time the limit allows (efficiency = ideal / actual),
 * duplicates and losses. Last line: one flat JSON object.
 */

import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import { createDbStore } from '../db/store.ts';
import { DEFAULT_SETTINGS } from '../src/domain/settings.ts';
import type { Deps } from '../src/services/deps.ts';
import { decide } from '../src/services/draft-decisions.ts';
import { markPublished, submitDraft } from '../src/services/drafts.ts';
import { schedulePrompts } from '../src/services/prompts.ts';
import { startSlackFake } from '../test/fakes/slack-fake.ts';
import { draftContent } from '../test/support/draft-content.ts';
import { freshDatabase } from '../test/support/test-database.ts';
import { serve } from './_serve.ts';

const AMBASSADORS = Number(process.env.BENCH_AMBASSADORS ?? 5000);
const RATE_PER_SEC = Number(process.env.BENCH_RATE ?? 100);
const FAILURE_RATE = 0.01;
const TEAM = 'T0FANOUTBENCH';

// The platform's limit, as the fake enforces it: a bucket of RATE_PER_SEC tokens refilled continuously.
const accepted = new Map<string, number>();
let tokens = RATE_PER_SEC;
let refilledAt = Date.now();
let rateLimited = 0;
let failed = 0;
let firstAt = 0;
let lastAt = 0;
const acceptedAt: number[] = [];

const fake = await startSlackFake({ teamId: TEAM });
fake.setHandler('chat.postMessage', (call) => {
  const to = String(call.args.channel);
  if (!to.startsWith('UAMB')) return undefined;
  const now = Date.now();
  tokens = Math.min(RATE_PER_SEC, tokens + ((now - refilledAt) / 1000) * RATE_PER_SEC);
  refilledAt = now;
  if (tokens < 1) {
    rateLimited++;
    return {
      status: 429,
      headers: { 'Retry-After': String(Math.max(1, Math.ceil((1 - tokens) / RATE_PER_SEC))) },
      body: { ok: false, error: 'ratelimited' },
    };
  }
  if (Math.random() < FAILURE_RATE) {
    failed++;
    return { status: 500, body: { ok: false, error: 'internal_error' } };
  }
  tokens -= 1;
  firstAt ||= now;
  lastAt = now;
  accepted.set(to, (accepted.get(to) ?? 0) + 1);
  acceptedAt.push(now);
  return undefined;
});

process.env.TEST_DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/test';
const fresh = await freshDatabase('postgres');
const clock = { now: () => new Date() };
const store = createDbStore(fresh.database.db, clock);
const deps: Deps = { store, clock, log: pino({ level: 'silent' }) };
const workspace = await store.ensureWorkspace({ platform: 'slack', externalId: TEAM });
const settings = { ...DEFAULT_SETTINGS, reviewChannel: 'C0REVIEW', reviewers: ['UREV'], locale: 'en' as const };
await store.putSettings(workspace.id, settings, { version: 0, actorId: 'bench' });
await fresh.database.db.execute(sql`
  insert into ambassadors (workspace_id, user_id, networks, work_start, work_end, work_days, timezone, joined_at)
  select ${workspace.id}::uuid, 'UAMB' || i, '["linkedin"]'::jsonb, 0, 1440, '[1,2,3,4,5,6,7]'::jsonb, 'UTC',
    ${clock.now().toISOString()}::timestamptz
  from generate_series(1, ${AMBASSADORS}) as i`);
const scope = (userId: string) => ({
  workspace,
  settings,
  actor: { userId, platformAdmin: false },
  locale: 'en' as const,
});
const draft = await submitDraft(deps, scope('UAUTHOR'), {
  content: draftContent('Launch day! #acme'),
  channelId: null,
  deliveryKey: null,
});
if (draft.kind !== 'submitted') throw new Error('draft not submitted');
await decide(deps, scope('UREV'), {
  draftId: draft.draft.id,
  revision: 1,
  decision: 'approve',
  reason: null,
  inReviewerGroup: false,
});
await markPublished(deps, scope('UAUTHOR'), {
  draftId: draft.draft.id,
  urls: ['https://www.linkedin.com/feed/update/1'],
});
const queued = (await schedulePrompts(deps)).queued;

const relais = await serve(['bin/relais.js', 'start'], {
  PORT: '0',
  LOG_LEVEL: 'info',
  HOST: '127.0.0.1',
  DATABASE_URL: fresh.url!,
  SLACK_BOT_TOKEN: 'xoxb-bench',
  SLACK_SIGNING_SECRET: 'bench',
  SLACK_API_URL: fake.apiUrl,
});
const started = Date.now();
const deadline = started + Math.max(120_000, (AMBASSADORS / RATE_PER_SEC) * 3000);
while (accepted.size < AMBASSADORS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
// Let any late second delivery show up before counting doubles.
await new Promise((r) => setTimeout(r, 2000));
await relais.stop();

const actualSec = (lastAt - firstAt) / 1000 || Number.NaN;
// The limit allows a first burst of RATE_PER_SEC, then RATE_PER_SEC per second.
const idealSec = (AMBASSADORS - RATE_PER_SEC) / RATE_PER_SEC;
const duplicates = [...accepted.values()].reduce((n, c) => n + (c - 1), 0);
const result = {
  ambassadors: AMBASSADORS,
  queued,
  delivered: accepted.size,
  duplicates,
  lost: AMBASSADORS - accepted.size,
  rateLimitPerSec: RATE_PER_SEC,
  rateLimited429: rateLimited,
  failed5xx: failed,
  idealSec: Math.round(idealSec * 10) / 10,
  actualSec: Math.round(actualSec * 10) / 10,
  efficiency: Math.round((idealSec / actualSec) * 100) / 100,
};
if (process.env.BENCH_TIMELINE) {
  const perSecond = new Map<number, number>();
  for (const t of acceptedAt)
    perSecond.set(Math.floor((t - firstAt) / 1000), (perSecond.get(Math.floor((t - firstAt) / 1000)) ?? 0) + 1);
  console.error([...perSecond.entries()].map(([s, n]) => `${s}:${n}`).join(' '));
}
await fake.close();
await fresh.drop();
console.log(JSON.stringify(result));
process.exit(0);
