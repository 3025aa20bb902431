import { describe, expect, it } from 'vitest';
import { createPacer } from '../../../src/outbox/pacer.ts';

/** A pacer on a fake clock: sleeping advances time. */
function fakeTime() {
  let t = 0;
  return { now: () => t, sleep: async (ms: number) => void (t += ms), advance: (ms: number) => void (t += ms) };
}

describe('pacer', () => {
  it('does not slow anything down until the platform refuses', async () => {
    const time = fakeTime();
    const pacer = createPacer(time.now, time.sleep);
    for (let i = 0; i < 500; i++) {
      await pacer.take();
      pacer.delivered();
    }
    expect(time.now()).toBe(0);
  });

  it('after a 429, holds for Retry-After, then spaces sends at the rate that got through', async () => {
    const time = fakeTime();
    const pacer = createPacer(time.now, time.sleep);
    for (let i = 0; i < 50; i++) {
      time.advance(10); // 50 accepted in 0.5 s
      pacer.delivered();
    }
    pacer.limited(1000);
    expect(pacer.heldUntil()).toBe(1500);
    await pacer.take();
    expect(time.now()).toBe(1500);
    const before = time.now();
    for (let i = 0; i < 10; i++) await pacer.take();
    // 50 went through in the last second: one every 20 ms.
    expect(time.now() - before).toBe(200);
  });

  it('speeds up slowly while nothing is refused', async () => {
    const time = fakeTime();
    const pacer = createPacer(time.now, time.sleep);
    for (let i = 0; i < 10; i++) pacer.delivered();
    pacer.limited(0);
    // The spacing between two consecutive sends.
    const slow = async () => {
      await pacer.take();
      const t0 = time.now();
      await pacer.take();
      return time.now() - t0;
    };
    const first = await slow();
    for (let i = 0; i < 3000; i++) pacer.delivered();
    expect(await slow()).toBeLessThan(first);
  });
});
