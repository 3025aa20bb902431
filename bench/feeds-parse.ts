/**
 * `npm run bench -- feeds-parse` (or `node --import tsx bench/feeds-parse.ts`): parses the feed
 * corpus (../shared/fixtures/feeds when present, and test/fixtures/feeds) with Relais' pipeline and,
 * in the same run, with rss-parser 3 as the baseline, and reports items per second for both.
 *
 * Fair to the baseline: rss-parser takes strings and knows no encodings, so it gets each document
 * already decoded (outside the timing), while Relais gets the bytes and decodes them inside it.
 * Both get the same documents: those both can read (rss-parser throws on a few). Rounds alternate
 * between the two; each figure is the median of the rounds, in items per second of the process'
 * CPU time. Last line: one flat JSON object.
 */
import { fileURLToPath } from 'node:url';
import Parser from 'rss-parser';
import { decodeBody } from '../adapters/feeds/decode-body.ts';
import { parseFeed } from '../adapters/feeds/parse-feed.ts';
import { loadFeedCorpus } from './_feed-corpus.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 11);
const MIN_ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 250);
const NOW = new Date('2026-01-01T00:00:00Z');

export interface FeedParseBench {
  relaisItemsPerSec: number;
  rssParserItemsPerSec: number;
  ratio: number;
  items: number;
}

export async function benchParse(): Promise<FeedParseBench> {
  const { documents } = loadFeedCorpus();
  const rssParser = new Parser();
  const both: { url: string; bytes: Buffer; text: string; contentType?: string }[] = [];
  for (const doc of documents) {
    const url = `http://feeds.example.com/${doc.name}`;
    const text = decodeBody(doc.bytes);
    try {
      parseFeed(doc.bytes, { url, now: NOW });
      await rssParser.parseString(text);
      both.push({ url, bytes: doc.bytes, text });
    } catch {
      // one of the two cannot read it: not part of the comparison
    }
  }

  const relaisPass = () => {
    let items = 0;
    for (const doc of both) items += parseFeed(doc.bytes, { url: doc.url, now: NOW }).items.length;
    return items;
  };
  const rssParserPass = async () => {
    let items = 0;
    for (const doc of both) items += (await rssParser.parseString(doc.text)).items.length;
    return items;
  };

  // Process CPU time, not wall-clock time: on a shared machine other work stretches the wall
  // clock of whichever side it lands on, while CPU time counts only this process' own work.
  const cpuMs = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  const timeRound = async (pass: () => number | Promise<number>) => {
    let items = 0;
    const start = cpuMs();
    do items += await pass();
    while (cpuMs() - start < MIN_ROUND_MS);
    return (items * 1000) / (cpuMs() - start);
  };

  await timeRound(relaisPass); // warm-up, not counted
  await timeRound(rssParserPass);
  const relais: number[] = [];
  const baseline: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    relais.push(await timeRound(relaisPass));
    baseline.push(await timeRound(rssParserPass));
  }
  const relaisItemsPerSec = Math.round(median(relais));
  const rssParserItemsPerSec = Math.round(median(baseline));
  return {
    relaisItemsPerSec,
    rssParserItemsPerSec,
    ratio: Math.round((relaisItemsPerSec / rssParserItemsPerSec) * 100) / 100,
    items: relaisPass(),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const runDirectly = process.argv[1] === fileURLToPath(import.meta.url);
const runByBenchScript = /bench\.js$/.test(process.argv[1] ?? '') && process.argv[2] === 'feeds-parse';
if (runDirectly || runByBenchScript) {
  const { documents, sharedPresent } = loadFeedCorpus();
  console.log(
    `feeds-parse: ${documents.length} documents${sharedPresent ? '' : ' (../shared/fixtures/feeds absent: own fixtures only)'}`,
  );
  console.log(JSON.stringify(await benchParse()));
}
