import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** The README and the docs stand alone: every document they point to is inside the repository. */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PAGES = ['README.md', 'docs/PRODUCT.md', 'docs/ARCHITECTURE.md', 'test/fixtures/feeds/README.md'];

/** Relative targets of markdown links, and `path/to/file.md`-like documents named in code spans. */
function pointers(markdown: string): string[] {
  const links = [...markdown.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((t) => !/^[a-z]+:/i.test(t));
  const documents = [...markdown.matchAll(/`([^`\s]+\.md)`/g)].map((m) => m[1]!);
  return [...links, ...documents].map((t) => t.split('#')[0]!).filter(Boolean);
}

describe('the README and docs', () => {
  for (const page of PAGES) {
    it(`${page} points only at documents in the repository`, () => {
      const text = readFileSync(join(ROOT, page), 'utf8');
      for (const target of pointers(text)) {
        const resolved = normalize(join(dirname(join(ROOT, page)), target));
        expect(resolved.startsWith(ROOT), `${page} → ${target} leaves the repository`).toBe(true);
        expect(existsSync(resolved), `${page} → ${target} does not exist`).toBe(true);
      }
    });
  }

  it('the README starts with the two commands a newcomer types', () => {
    const [title, , fence, start, test] = readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n');
    expect(title).toBe('# Relais');
    expect(fence).toBe('```sh');
    expect(start).toMatch(/^npm install && npm start\s+#/);
    expect(test).toMatch(/^npm install && npm test\s+#/);
  });
});
