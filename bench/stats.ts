/**
 * `npm run bench -- stats`: one workspace with 100,000 drafts over two years, 1,000,000 draft events
 * and 200,000 prompts on the PostgreSQL server (BENCH_DATABASE_URL, TEST_DATABASE_URL or the local
 * server), in a fresh database filled with generate_series and dropped at the end (BENCH_KEEP=1
 * keeps it, to EXPLAIN by hand). Times the /stats month card, /stats insights, /stats export and
 * the weekly report's figures through the services, against a baseline measured in the same run:
 * one `select count(*)` over each of drafts, draft_events and prompts. Also names the indexes the
 * plans use (each statement EXPLAINed once more). Last line: one flat JSON object.
 */
import { type SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { pino } from 'pino';
import { type Db, rowsOf } from '../db/client.ts';
import { createDbStore } from '../db/store.ts';
import { DEFAULT_SETTINGS, type WorkspaceSettings } from '../src/domain/settings.ts';
import { translator } from '../src/i18n/catalog.ts';
import type { Deps } from '../src/services/deps.ts';
import { statsReport, weeklyReport } from '../src/services/stats.ts';
import { statsExport } from '../src/services/stats-export.ts';
import { teamInsights } from '../src/services/stats-results.ts';
import { freshDatabase } from '../test/support/test-database.ts';
import { percentile } from './_stats.ts';
import { fillStatsHistory } from './_stats-history.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const NOW = new Date('2026-03-20T10:00:00Z');

const url =
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
process.env.TEST_DATABASE_URL = url;
const fresh = await freshDatabase('postgres');

/** Fills the database and measures; the caller drops the database whatever happens. */
async function measure(): Promise<Record<string, number | string>> {
  const db = fresh.database.db;
  const clock = { now: () => NOW };
  const store = createDbStore(db, clock);
  const deps: Deps = { store, clock, log: pino({ level: 'silent' }) };
  const settings: WorkspaceSettings = { ...DEFAULT_SETTINGS, timezone: 'Europe/Paris', locale: 'en' };
  const workspace = await store.ensureWorkspace({ platform: 'bench', externalId: 'T0STATS' });
  await store.putSettings(workspace.id, settings, { version: 0, actorId: 'bench' });

  const fillStarted = performance.now();
  const counts = await fillStatsHistory(db, workspace.id, NOW);
  const fillSeconds = Math.round((performance.now() - fillStarted) / 100) / 10;

  /** Median of RUNS timed calls, after one warm-up call. */
  async function time(fn: () => Promise<unknown>): Promise<number> {
    await fn();
    const ms: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      await fn();
      ms.push(performance.now() - started);
    }
    return percentile(ms, 50);
  }

  const t = translator('en');
  const baselineMs = await time(async () => {
    for (const table of ['drafts', 'draft_events', 'prompts'])
      await db.execute(sql`select count(*) from ${sql.identifier(table)} where true`);
  });
  const statsMonthMs = await time(() => statsReport(deps, workspace, settings, { kind: 'month', campaign: null }));
  const statsMonthCampaignMs = await time(() =>
    statsReport(deps, workspace, settings, { kind: 'month', campaign: 'campaign-3' }),
  );
  const insightsMs = await time(() => teamInsights(deps, workspace, settings));
  let exportRows = 0;
  const exportMs = await time(async () => {
    exportRows = (await statsExport(deps, workspace, settings, { month: { year: 2026, month: 2 }, t })).rows;
  });
  const reportMs = await time(() => weeklyReport(deps, workspace, settings));

  const dialect = new PgDialect();

  /** The indexes PostgreSQL's plans use for each call: every statement is EXPLAINed once more. */
  function explaining(target: Db, seen: Set<string>): Db {
    const collect = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(collect);
      else if (node && typeof node === 'object')
        for (const [key, value] of Object.entries(node)) {
          if (key === 'Index Name' && typeof value === 'string') seen.add(value);
          else collect(value);
        }
    };
    return new Proxy(target, {
      get(db, prop, receiver) {
        if (prop === 'execute')
          return async (query: SQL) => {
            if (/^\s*set /i.test(dialect.sqlToQuery(query).sql)) return db.execute(query);
            const plan = rowsOf<Record<string, unknown>>(await db.execute(sql`explain (format json) ${query}`));
            collect(
              plan.map((r) => (typeof r['QUERY PLAN'] === 'string' ? JSON.parse(r['QUERY PLAN']) : r['QUERY PLAN'])),
            );
            return db.execute(query);
          };
        if (prop === 'transaction')
          return (fn: (tx: Db) => Promise<unknown>) =>
            db.transaction((tx) => fn(explaining(tx as unknown as Db, seen)));
        return Reflect.get(db, prop, receiver);
      },
    });
  }
  async function indexesOf(fn: (d: Deps) => Promise<unknown>): Promise<string> {
    const seen = new Set<string>();
    await fn({ ...deps, store: createDbStore(explaining(db, seen), clock) });
    return [...seen].sort().join(' ');
  }
  const indexes = {
    statsMonthIndexes: await indexesOf((d) => statsReport(d, workspace, settings, { kind: 'month', campaign: null })),
    insightsIndexes: await indexesOf((d) => teamInsights(d, workspace, settings)),
    exportIndexes: await indexesOf((d) => statsExport(d, workspace, settings, { month: { year: 2026, month: 2 }, t })),
    reportIndexes: await indexesOf((d) => weeklyReport(d, workspace, settings)),
  };

  const ratio = (ms: number) => Math.round((ms / baselineMs) * 100) / 100;
  return {
    drafts: counts.drafts,
    events: counts.events,
    prompts: counts.prompts,
    fillSeconds,
    runs: RUNS,
    statsMonthMs,
    statsMonthCampaignMs,
    insightsMs,
    exportMs,
    exportRows,
    reportMs,
    baselineCountMs: baselineMs,
    statsMonthRatio: ratio(statsMonthMs),
    insightsRatio: ratio(insightsMs),
    exportRatio: ratio(exportMs),
    reportRatio: ratio(reportMs),
    ...indexes,
  };
}

let result: Record<string, number | string>;
try {
  result = await measure();
} finally {
  if (process.env.BENCH_KEEP === '1') console.error(`kept database: ${fresh.url}`);
  else await fresh.drop();
}
console.log(JSON.stringify(result));
process.exit(0);
