/**
 * `npm run bench -- commands`: signed `/draft <text>` requests through the real Bolt HTTP receiver
 * at 20 concurrent until 2,000 are done, against PostgreSQL (BENCH_DATABASE_URL, TEST_DATABASE_URL,
 * or the local server). Measures the time to the HTTP ack and to the review card reaching the
 * fake Web API, for Relais and, in the same run, for a bare Bolt app that acks and posts.
 * Last line: one flat JSON object.
 */
import { type SlackFake, startSlackFake } from '../test/fakes/slack-fake.ts';
import { postSigned, slashCommandBody } from '../test/fakes/slack-requests.ts';
import { freshDatabase } from '../test/support/test-database.ts';
import { serve } from './_serve.ts';
import { percentile } from './_stats.ts';

const TOTAL = Number(process.env.BENCH_REQUESTS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
const SECRET = 'bench-secret';
const TEAM = 'T0BENCH';
const REVIEW = 'C0REVIEW';
const TOKEN = /bench-(\d+)-(\d+)/;

interface RunResult {
  ackMs: number[];
  e2eMs: number[];
  seconds: number;
}

/** Fires TOTAL signed commands at CONCURRENCY and times ack and arrival of each card at the fake. */
async function load(fake: SlackFake, url: string, run: number, total = TOTAL): Promise<RunResult> {
  const sentAt = new Map<number, number>();
  const e2eMs: number[] = [];
  let arrived = 0;
  let resolveAll!: () => void;
  const all = new Promise<void>((r) => (resolveAll = r));
  fake.setHandler('chat.postMessage', (call) => {
    const m = TOKEN.exec(JSON.stringify(call.args.blocks ?? call.args.text));
    if (m && Number(m[1]) === run) {
      const start = sentAt.get(Number(m[2]));
      if (start !== undefined) {
        e2eMs.push(performance.now() - start);
        sentAt.delete(Number(m[2]));
        if (++arrived === total) resolveAll();
      }
    }
    return undefined;
  });
  const ackMs: number[] = [];
  let next = 0;
  const started = performance.now();
  async function worker() {
    for (let i = next++; i < total; i = next++) {
      const body = slashCommandBody({
        command: '/draft',
        text: `Launch note bench-${run}-${i} #acme`,
        userId: `U${i % 50}`,
        teamId: TEAM,
        channelId: 'C0GENERAL',
        responseUrl: fake.responseUrl(`b${run}-${i}`),
        triggerId: `trig-${run}-${i}`,
      });
      sentAt.set(i, performance.now());
      const res = await postSigned(url, SECRET, body);
      if (res.status !== 200) throw new Error(`request ${i} answered ${res.status}`);
      ackMs.push(res.ms);
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  await Promise.race([
    all,
    new Promise((_, reject) =>
      setTimeout(() => reject(new Error(`only ${arrived}/${total} cards arrived`)), 120_000).unref(),
    ),
  ]);
  const seconds = (performance.now() - started) / 1000;
  fake.setHandler('chat.postMessage', undefined);
  return { ackMs, e2eMs, seconds };
}

const summary = (r: RunResult) => ({
  ackP50Ms: percentile(r.ackMs, 50),
  ackP99Ms: percentile(r.ackMs, 99),
  e2eP50Ms: percentile(r.e2eMs, 50),
  e2eP99Ms: percentile(r.e2eMs, 99),
  throughputPerSec: Math.round((TOTAL / r.seconds) * 10) / 10,
});

const fake = await startSlackFake({
  teamId: TEAM,
  users: [
    { id: 'UADMIN', is_admin: true, locale: 'en' },
    ...Array.from({ length: 50 }, (_, i) => ({ id: `U${i}`, locale: 'en' })),
  ],
});
const url =
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
process.env.TEST_DATABASE_URL = url;
const fresh = await freshDatabase('postgres');
const slackEnv = { SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl, PORT: '0' };
// Relais and the baseline each run in their own process; this one only sends load and plays Slack.
const relais = await serve(['bin/relais.js', 'start'], {
  ...slackEnv,
  DATABASE_URL: fresh.url!,
  LOG_LEVEL: 'info',
  HOST: '127.0.0.1',
});
const relaisUrl = relais.url;
const setup = await postSigned(
  relaisUrl,
  SECRET,
  slashCommandBody({
    command: '/relais',
    text: `config review-channel <#${REVIEW}|review> language en`,
    userId: 'UADMIN',
    teamId: TEAM,
    channelId: 'C0GENERAL',
    responseUrl: fake.responseUrl('setup'),
  }),
);
if (!setup.body.includes('Saved')) throw new Error(`setup failed: ${setup.body}`);

const bare = await serve(['--import', 'tsx', 'bench/_bare-bolt.ts'], { ...slackEnv, REVIEW_CHANNEL: REVIEW });
// A short warm-up of each (JIT, connection pools), then the measured runs, baseline first.
await load(fake, bare.url, 90, 200);
await load(fake, relaisUrl, 91, 200);
const baseline = summary(await load(fake, bare.url, 1));
const measured = summary(await load(fake, relaisUrl, 2));

await bare.stop();
await relais.stop();
await fake.close();
await fresh.drop();

const result = {
  requests: TOTAL,
  concurrency: CONCURRENCY,
  ...measured,
  baselineAckP50Ms: baseline.ackP50Ms,
  baselineAckP99Ms: baseline.ackP99Ms,
  baselineE2eP50Ms: baseline.e2eP50Ms,
  baselineE2eP99Ms: baseline.e2eP99Ms,
  baselineThroughputPerSec: baseline.throughputPerSec,
  ratio: Math.round((measured.e2eP50Ms / baseline.e2eP50Ms) * 100) / 100,
};
console.log(JSON.stringify(result));
process.exit(0);
