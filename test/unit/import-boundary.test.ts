import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Dependencies point inward: the core (src/) knows no platform, driver or ORM. Only the
 * composition root wires them.
 */

const ROOT = new URL('../..', import.meta.url).pathname;
const COMPOSITION_ROOT = ['src/main.ts', 'src/cli.ts'];
const FORBIDDEN_PACKAGES =
  /^(@slack\/|discord\.js|@discordjs\/|drizzle-orm|drizzle-kit|postgres$|@electric-sql\/pglite|node-cron|playwright)/;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const pattern =
    /(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm;
  return [...source.matchAll(pattern)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

describe('import boundaries', () => {
  const coreFiles = filesUnder(join(ROOT, 'src')).filter((f) => !COMPOSITION_ROOT.includes(relative(ROOT, f)));

  it('finds the core files it guards, and sees their imports', () => {
    expect(coreFiles.length).toBeGreaterThan(10);
    expect(importsOf(join(ROOT, 'src/main.ts'))).toEqual(
      expect.arrayContaining(['../adapters/slack/slack-app.ts', '../db/client.ts']),
    );
  });

  it('src/ imports no adapter, no database code, no platform SDK or driver', () => {
    const offenders = coreFiles.flatMap((file) =>
      importsOf(file)
        .filter((spec) => FORBIDDEN_PACKAGES.test(spec) || /(^|\/)(adapters|db|commands)\//.test(spec))
        .map((spec) => `${relative(ROOT, file)} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('commands/ import no adapter, database code, platform SDK or driver', () => {
    const offenders = filesUnder(join(ROOT, 'commands')).flatMap((file) =>
      importsOf(file)
        .filter((spec) => FORBIDDEN_PACKAGES.test(spec) || /(^|\/)(adapters|db)\//.test(spec))
        .map((spec) => `${relative(ROOT, file)} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('commands/ never reach the store: every write and every read with a rule goes through a service', () => {
    const offenders = filesUnder(join(ROOT, 'commands')).flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) =>
          /\bstore\b\s*[.?[]|\bStore\b/.test(line) ? [`${relative(ROOT, file)}:${i + 1}: ${line.trim()}`] : [],
        ),
    );
    expect(offenders).toEqual([]);
  });

  it('a platform’s SDK appears only under its own adapter', () => {
    const offenders = filesUnder(join(ROOT, 'adapters')).flatMap((file) => {
      const where = relative(ROOT, file);
      return importsOf(file)
        .filter(
          (spec) =>
            (spec.startsWith('@slack/') && !where.startsWith('adapters/slack/')) ||
            (/^(discord\.js|@discordjs\/)/.test(spec) && !where.startsWith('adapters/discord/')),
        )
        .map((spec) => `${where} imports ${spec}`);
    });
    expect(offenders).toEqual([]);
  });
});
