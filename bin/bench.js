#!/usr/bin/env node
// `npm run bench -- <name>` runs bench/<name>.ts (TypeScript through tsx).
import { existsSync, readdirSync } from 'node:fs';
import { register } from 'tsx/esm/api';

const name = process.argv[2];
const dir = new URL('../bench/', import.meta.url);
const known = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && !f.startsWith('_'))
  .map((f) => f.slice(0, -3));
if (!name || !existsSync(new URL(`${name}.ts`, dir))) {
  console.error(`usage: npm run bench -- <name>   (${known.join(', ')})`);
  process.exit(2);
}
register();
await import(new URL(`${name}.ts`, dir).href);
