import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { describe, it } from 'vitest';

/** Debian's Chromium, driven by playwright-core (no browser download). */
const CHROMIUM = '/usr/bin/chromium';
const present = existsSync(CHROMIUM);
const WHY_SKIPPED = `${CHROMIUM} is missing: install it (apt-get install -y chromium) to run the browser tests`;

/**
 * Tests that need Chromium: skipped, saying so, where it is missing; failing instead where the run
 * requires it (CI sets REQUIRE_CHROMIUM=1), so a missing browser never passes for a green run.
 */
export function describeInChromium(name: string, body: () => void): void {
  if (present) {
    describe(name, body);
  } else if (process.env.REQUIRE_CHROMIUM === '1') {
    describe(name, () => {
      it('needs Chromium (REQUIRE_CHROMIUM=1)', () => {
        throw new Error(`REQUIRE_CHROMIUM=1 but ${WHY_SKIPPED}`);
      });
    });
  } else {
    console.warn(`[relais] skipping "${name}": ${WHY_SKIPPED}`);
    describe.skip(`${name} (skipped: ${WHY_SKIPPED})`, body);
  }
}

/** Headless Chromium with nothing running in the background; `extraArgs` add to the usual flags. */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      ...extraArgs,
    ],
  });
}
