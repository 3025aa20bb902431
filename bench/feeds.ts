/**
 * `npm run bench -- feeds`: parse and normalise the fixture corpus with Relais' pipeline and, in
 * the same run, with rss-parser (the most used Node feed parser); then build a digest from
 * 50,000 items from 500 sources. Last line: one flat JSON object.
 */
import { benchDigest } from './feeds-digest.ts';
import { benchParse } from './feeds-parse.ts';

const parse = await benchParse();
const digest = await benchDigest();
console.log(
  JSON.stringify({
    items: parse.items,
    relaisItemsPerSec: parse.relaisItemsPerSec,
    rssParserItemsPerSec: parse.rssParserItemsPerSec,
    ratio: parse.ratio,
    digestCandidates: digest.candidates,
    digestBuildMs: digest.digestBuildMs,
    peakRssMb: digest.peakRssMb,
  }),
);
process.exit(0);
